package io.cairn.cli;

import io.cairn.server.node.AddOrder;
import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixTime;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks files and directories on disk and imports them, as {@code ipfs add} does: directory
 * entries in name-byte order, hidden entries (names starting with '.') skipped unless asked
 * for, symlinks stored as UnixFS symlinks (never followed; they keep an mtime but never a
 * mode), mode and mtime recorded when the options say so.
 *
 * <p>Files and symlinks are reported to the listener as they are imported; directories are
 * returned as a {@link Dirs} tree for the caller to report afterwards, sub-directories before
 * their parent in the parent's link order — Kubo's output order.
 */
final class TreeAdder {
  /** Told of every file and symlink once it is imported, and of progress. */
  interface Listener {
    void added(String path, ImportedNode node) throws IOException;

    /** Bytes of file content read so far, for progress. */
    default void bytesRead(long n) {}
  }

  /** An imported directory with its sub-directories, in the order Kubo reports them. */
  record Dirs(String path, ImportedNode node, List<Dirs> subdirs) {
    /** Reports the sub-directories (recursively) and then this directory. */
    void report(Listener listener) throws IOException {
      for (Dirs d : subdirs) {
        d.report(listener);
      }
      listener.added(path, node);
    }
  }

  /** What {@link #add} imported: the root and, for a directory, its directory tree. */
  record Result(ImportedNode node, Dirs dirs) {
    void reportDirs(Listener listener) throws IOException {
      if (dirs != null) {
        dirs.report(listener);
      }
    }
  }

  private final UnixfsImporter importer;
  private final boolean hidden;
  private final Listener listener;

  TreeAdder(UnixfsImporter importer, boolean hidden, Listener listener) {
    this.importer = importer;
    this.hidden = hidden;
    this.listener = listener;
  }

  /** Imports {@code path}, which is reported under {@code name}. Directories need {@code recursive}. */
  Result add(Path path, String name, boolean recursive) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isDirectory() && !recursive) {
      throw new UserException(path + " is a directory, use the '-r' flag to add it");
    }
    return addEntry(path, name, attrs);
  }

  private Result addEntry(Path path, String name, BasicFileAttributes attrs) throws IOException {
    ImportedNode node;
    if (attrs.isSymbolicLink()) {
      Metadata meta = metadata(path, attrs);
      node = importer.symlink(Files.readSymbolicLink(path).toString(), new Metadata(-1, meta.mtime()));
    } else if (attrs.isDirectory()) {
      return addDirectory(path, name, attrs);
    } else if (attrs.isRegularFile()) {
      try (InputStream in = new CountingStream(Files.newInputStream(path), listener)) {
        node = importer.file(in, metadata(path, attrs));
      }
    } else {
      throw new UserException(path + " is not a regular file, directory or symlink; remove it or skip it");
    }
    listener.added(name, node);
    return new Result(node, null);
  }

  private Result addDirectory(Path dir, String name, BasicFileAttributes attrs) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        String n = child.getFileName().toString();
        if (!hidden && n.startsWith(".")) {
          continue;
        }
        children.add(child);
      }
    }
    children.sort((a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b)));
    List<DirectoryEntry> entries = new ArrayList<>(children.size());
    Map<String, Dirs> subdirs = new HashMap<>();
    for (Path child : children) {
      String childName = child.getFileName().toString();
      BasicFileAttributes ca = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Result r = addEntry(child, name.isEmpty() ? childName : name + "/" + childName, ca);
      entries.add(new DirectoryEntry(childName, r.node()));
      if (r.dirs() != null) {
        subdirs.put(childName, r.dirs());
      }
    }
    Metadata meta = metadata(dir, attrs);
    List<Dirs> ordered = new ArrayList<>(subdirs.size());
    for (String n : AddOrder.subdirectories(importer, entries, meta, subdirs.keySet())) {
      ordered.add(subdirs.get(n));
    }
    ImportedNode node = importer.directory(entries, meta);
    return new Result(node, new Dirs(name, node, ordered));
  }

  private static byte[] nameBytes(Path p) {
    return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
  }

  private Metadata metadata(Path path, BasicFileAttributes attrs) throws IOException {
    int mode = -1;
    UnixTime mtime = null;
    if (importer.options().preserveMode()) {
      mode = unixMode(path);
    }
    if (importer.options().preserveMtime()) {
      FileTime t = attrs.lastModifiedTime();
      mtime = UnixTime.of(t);
    }
    return new Metadata(mode, mtime);
  }

  static int unixMode(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int mode = ((Integer) a.get("mode")) & 07777;
    return mode == 0 ? -1 : mode; // Kubo records no mode when the bits are all 0
  }

  /** Reports bytes read to the listener. */
  private static final class CountingStream extends java.io.FilterInputStream {
    private final Listener listener;

    CountingStream(InputStream in, Listener listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        listener.bytesRead(n);
      }
      return n;
    }
  }
}
