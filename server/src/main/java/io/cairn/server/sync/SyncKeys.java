package io.cairn.server.sync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where sync keeps its records in the store's metadata:
 * <pre>
 *   "sync" 00 NAME 00            the tree's {@link TreeRecord}
 *   "sync" 00 NAME 00 "d" PATH   the {@link DirRecord} of the directory at PATH ("" = the tree's root)
 *   "sync" 00 NAME 00 "s"        the stamp of the last commit of the tree's records ({@link SyncCache})
 * </pre>
 * A directory's sub-tree is the prefix {@code … "d" PATH "/"}. Names cannot hold NUL.
 */
final class SyncKeys {
  static final byte[] ALL = bytes("sync\0");

  private SyncKeys() {}

  static byte[] tree(String name) {
    return concat(ALL, bytes(name + "\0"));
  }

  static byte[] dir(String name, String path) {
    return concat(tree(name), bytes("d" + path));
  }

  static byte[] stamp(String name) {
    return concat(tree(name), bytes("s"));
  }

  /** Keys of every directory strictly below {@code path}. */
  static byte[] below(String name, String path) {
    return dir(name, path.isEmpty() ? "" : path + "/");
  }

  /** The name in a tree record's key, or null for a directory record's key. */
  static String treeName(byte[] key) {
    if (key.length <= ALL.length || key[key.length - 1] != 0) {
      return null;
    }
    String rest = new String(key, ALL.length, key.length - ALL.length - 1, StandardCharsets.UTF_8);
    return rest.indexOf('\0') >= 0 ? null : rest;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
