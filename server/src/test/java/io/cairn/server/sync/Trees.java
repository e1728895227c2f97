package io.cairn.server.sync;

import io.cairn.codec.BlockSink;
import io.cairn.codec.Cid;
import io.cairn.server.node.TreeAdder;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** Test trees on disk and the root a full {@code add -r} gives for them. */
final class Trees {
  private Trees() {}

  /** The root {@code add -r} of {@code dir} gives with these settings (nothing stored). */
  static Cid fullAdd(Path dir, ImportOptions options, boolean hidden) throws IOException {
    try (UnixfsImporter importer = new UnixfsImporter(options, BlockSink.DISCARD)) {
      return new TreeAdder(importer, hidden, (path, node) -> {}).add(dir, "", true).node().cid();
    }
  }

  /** Writes {@code size} seeded random bytes to {@code file} with the given mtime (seconds). */
  static void write(Path file, Random random, int size, long mtime) throws IOException {
    byte[] b = new byte[size];
    random.nextBytes(b);
    Files.createDirectories(file.getParent());
    Files.write(file, b);
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime * 1000 + 123));
  }

  static void delete(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
