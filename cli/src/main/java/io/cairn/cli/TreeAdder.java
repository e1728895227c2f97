package io.cairn.cli;

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
import java.util.List;
import java.util.Map;

/**
 * Walks files and directories on disk and imports them, as {@code ipfs add} does: directory
 * entries in name-byte order, hidden entries (names starting with '.') skipped unless asked
 * for, symlinks stored as UnixFS symlinks (never followed), mode and mtime recorded when the
 * options say so. Every imported entry is reported to the listener, children before parents.
 */
final class TreeAdder {
  /** Told of every file, symlink and directory once it is imported. */
  interface Listener {
    void added(String path, ImportedNode node, boolean directory) throws IOException;

    /** Bytes of file content read so far, for progress. */
    default void bytesRead(long n) {}
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
  ImportedNode add(Path path, String name, boolean recursive) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isDirectory() && !recursive) {
      throw new UserException(path + " is a directory, use the '-r' flag to add it");
    }
    return addEntry(path, name, attrs);
  }

  private ImportedNode addEntry(Path path, String name, BasicFileAttributes attrs) throws IOException {
    ImportedNode node;
    boolean dir = false;
    if (attrs.isSymbolicLink()) {
      node = importer.symlink(Files.readSymbolicLink(path).toString(), metadata(path, attrs));
    } else if (attrs.isDirectory()) {
      node = addDirectory(path, name, attrs);
      dir = true;
    } else if (attrs.isRegularFile()) {
      try (InputStream in = new CountingStream(Files.newInputStream(path), listener)) {
        node = importer.file(in, metadata(path, attrs));
      }
    } else {
      throw new UserException(path + " is not a regular file, directory or symlink; remove it or skip it");
    }
    listener.added(name, node, dir);
    return node;
  }

  private ImportedNode addDirectory(Path dir, String name, BasicFileAttributes attrs) throws IOException {
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
    for (Path child : children) {
      String childName = child.getFileName().toString();
      BasicFileAttributes ca = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      ImportedNode node = addEntry(child, name.isEmpty() ? childName : name + "/" + childName, ca);
      entries.add(new DirectoryEntry(childName, node));
    }
    return importer.directory(entries, metadata(dir, attrs));
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

  private static int unixMode(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return ((Integer) a.get("mode")) & 07777;
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
