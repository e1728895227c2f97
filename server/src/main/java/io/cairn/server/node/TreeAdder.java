package io.cairn.server.node;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Walks files and directories on disk and imports them, as {@code ipfs add} does: directory
 * entries in name-byte order, hidden entries (names starting with '.') skipped unless asked
 * for, symlinks stored as UnixFS symlinks (never followed; they keep an mtime but never a
 * mode), mode and mtime recorded when the options say so. {@code add -r} and {@code sync} both
 * walk with it, so a sync's root is the root a full add of the same tree gives.
 *
 * <p>Files and symlinks are reported to the listener as they are imported; directories are
 * returned as a {@link Dirs} tree for the caller to report afterwards, sub-directories before
 * their parent in the parent's link order — Kubo's output order.
 *
 * <p>A {@link Memory} of an earlier import lets the walk skip what did not change: a file whose
 * kind, size, mtime and metadata are as remembered is not read again, and a directory whose
 * entries and metadata are as remembered is not built again.
 */
public final class TreeAdder {
  /** Told of every file and symlink once it is imported, and of progress. */
  public interface Listener {
    void added(String path, ImportedNode node) throws IOException;

    /** Bytes of file content read so far, for progress. */
    default void bytesRead(long n) {}
  }

  /** What kind of entry a path is. */
  public enum Kind {
    FILE, DIRECTORY, SYMLINK
  }

  /**
   * What the walk saw of an entry without reading it: its kind, size and modification time as
   * the file system reports them, and the metadata an import records for it (by the options).
   */
  public record Stat(Kind kind, long size, long mtimeSeconds, int mtimeNanos, Metadata meta) {
    public Stat {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(meta, "meta");
    }
  }

  /** One entry of a walked directory: its name, what was seen of it, and its imported node. */
  public record Entry(String name, Stat stat, ImportedNode node) {}

  /** Builds a directory's node; called by a {@link Memory} that cannot reuse one. */
  @FunctionalInterface
  public interface DirectoryBuild {
    ImportedNode build() throws IOException;
  }

  /** What an earlier import of the tree remembers; paths are relative to the walk's root ("" for the root). */
  public interface Memory {
    /** The remembered node of an unchanged file or symlink at {@code path}, or null to import it. */
    ImportedNode unchanged(String path, Stat stat) throws IOException;

    /**
     * The node of the directory at {@code path}, whose entries are all walked: the remembered one
     * when nothing in it changed, else the one {@code build} makes.
     */
    ImportedNode directory(String path, Stat stat, List<Entry> entries, DirectoryBuild build) throws IOException;
  }

  /** No memory: everything is imported (a plain {@code add}). */
  public static final Memory FORGETFUL = new Memory() {
    @Override
    public ImportedNode unchanged(String path, Stat stat) {
      return null;
    }

    @Override
    public ImportedNode directory(String path, Stat stat, List<Entry> entries, DirectoryBuild build)
        throws IOException {
      return build.build();
    }
  };

  /** An imported directory with its sub-directories, in the order Kubo reports them. */
  public record Dirs(String path, ImportedNode node, List<Dirs> subdirs) {
    /** Reports the sub-directories (recursively) and then this directory. */
    public void report(Listener listener) throws IOException {
      for (Dirs d : subdirs) {
        d.report(listener);
      }
      listener.added(path, node);
    }
  }

  /** What {@link #add} imported: the root and, for a directory, its directory tree. */
  public record Result(ImportedNode node, Dirs dirs) {
    public void reportDirs(Listener listener) throws IOException {
      if (dirs != null) {
        dirs.report(listener);
      }
    }
  }

  private final UnixfsImporter importer;
  private final boolean hidden;
  private final Listener listener;
  private final Memory memory;
  private final boolean reportDirs;

  public TreeAdder(UnixfsImporter importer, boolean hidden, Listener listener) {
    this(importer, hidden, listener, FORGETFUL, true);
  }

  /**
   * A walk that consults {@code memory}; with {@code reportDirs} false no {@link Dirs} tree is
   * kept (a sync reports no per-directory lines, and a large tree's report order costs time).
   */
  public TreeAdder(UnixfsImporter importer, boolean hidden, Listener listener, Memory memory, boolean reportDirs) {
    this.importer = Objects.requireNonNull(importer, "importer");
    this.hidden = hidden;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.reportDirs = reportDirs;
  }

  /** Imports {@code path}, which is reported under {@code name}. Directories need {@code recursive}. */
  public Result add(Path path, String name, boolean recursive) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isDirectory() && !recursive) {
      throw new NodeException(path + " is a directory, use the '-r' flag to add it");
    }
    return addEntry(path, name, attrs, stat(path, attrs));
  }

  private Result addEntry(Path path, String name, BasicFileAttributes attrs, Stat stat) throws IOException {
    if (stat.kind() == Kind.DIRECTORY) {
      return addDirectory(path, name, stat);
    }
    ImportedNode node = memory.unchanged(name, stat);
    if (node == null) {
      if (stat.kind() == Kind.SYMLINK) {
        node = importer.symlink(Files.readSymbolicLink(path).toString(), new Metadata(-1, stat.meta().mtime()));
      } else {
        try (InputStream in = new CountingStream(Files.newInputStream(path), listener)) {
          node = importer.file(in, stat.meta());
        }
      }
    }
    listener.added(name, node);
    return new Result(node, null);
  }

  private Result addDirectory(Path dir, String name, Stat stat) throws IOException {
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
    List<Entry> walked = new ArrayList<>(children.size());
    List<DirectoryEntry> entries = new ArrayList<>(children.size());
    Map<String, Dirs> subdirs = new HashMap<>();
    for (Path child : children) {
      String childName = child.getFileName().toString();
      BasicFileAttributes ca = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Stat cs = stat(child, ca);
      Result r = addEntry(child, name.isEmpty() ? childName : name + "/" + childName, ca, cs);
      walked.add(new Entry(childName, cs, r.node()));
      entries.add(new DirectoryEntry(childName, r.node()));
      if (r.dirs() != null) {
        subdirs.put(childName, r.dirs());
      }
    }
    ImportedNode node = memory.directory(name, stat, walked, () -> importer.directory(entries, stat.meta()));
    if (!reportDirs) {
      return new Result(node, null);
    }
    List<Dirs> ordered = new ArrayList<>(subdirs.size());
    for (String n : AddOrder.subdirectories(importer, entries, stat.meta(), subdirs.keySet())) {
      ordered.add(subdirs.get(n));
    }
    return new Result(node, new Dirs(name, node, ordered));
  }

  private static byte[] nameBytes(Path p) {
    return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
  }

  private Stat stat(Path path, BasicFileAttributes attrs) throws IOException {
    Kind kind;
    if (attrs.isSymbolicLink()) {
      kind = Kind.SYMLINK;
    } else if (attrs.isDirectory()) {
      kind = Kind.DIRECTORY;
    } else if (attrs.isRegularFile()) {
      kind = Kind.FILE;
    } else {
      throw new NodeException(path + " is not a regular file, directory or symlink; remove it or skip it");
    }
    UnixTime t = UnixTime.of(attrs.lastModifiedTime());
    int mode = -1;
    if (importer.options().preserveMode() && kind != Kind.SYMLINK) {
      mode = unixMode(path);
    }
    UnixTime mtime = importer.options().preserveMtime() ? t : null;
    return new Stat(kind, attrs.size(), t.seconds(), t.nanos(), new Metadata(mode, mtime));
  }

  /** The permission and special bits of {@code path} (not following a symlink); -1 when all are 0, as Kubo records none. */
  public static int unixMode(Path path) throws IOException {
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
