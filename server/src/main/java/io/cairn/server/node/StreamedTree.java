package io.cairn.server.node;

import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a tree whose entries arrive one at a time as relative paths ({@code a/b/c.txt}), the
 * way an HTTP multipart upload carries them: each file is imported as it arrives, straight from
 * its stream, and only its CID is kept. Entries may arrive in any order (clients walking a
 * directory breadth-first interleave directories); parents that were never declared are
 * created, as Kubo does. Directories are built when their top-level entry is finished — when an
 * entry with another top-level name arrives, or at the end — so what is held meanwhile is one
 * small record per entry of that top-level tree, never file content.
 *
 * <p>Reporting follows Kubo's {@code add}: files and symlinks as they are imported; each
 * top-level directory's directories once it is finished, sub-directories before their parent,
 * in link order; with {@code wrap}, everything is one tree, reported at the end with the
 * wrapper (named "") last. Without {@code wrap} each top-level entry is a root of its own, and
 * a top-level name that comes back after another began starts a new root, as separate
 * {@code ipfs add} arguments would. A top-level file without a name is named by its CID.
 */
public final class StreamedTree {
  /** Kubo reports progress every 256 KiB of a file. */
  public static final long PROGRESS_EVERY = 256 * 1024;

  /** Told of every imported entry and of file progress. */
  public interface Listener {
    void added(String path, ImportedNode node) throws IOException;

    /** {@code bytes} of the file at {@code path} read so far. */
    default void progress(String path, long bytes) throws IOException {}
  }

  /** A directory being filled: its imported files and its sub-directories, by name. */
  private static final class Dir {
    final String path;
    Metadata meta;
    boolean declared;
    final Map<String, ImportedNode> leaves = new LinkedHashMap<>();
    final Map<String, Dir> dirs = new LinkedHashMap<>();

    Dir(String path, Metadata meta) {
      this.path = path;
      this.meta = meta;
    }

    boolean has(String name) {
      return leaves.containsKey(name) || dirs.containsKey(name);
    }
  }

  /** A built directory and its built sub-directories, in report order. */
  private record Built(String path, ImportedNode node, List<Built> subdirs) {
    void report(Listener listener) throws IOException {
      for (Built b : subdirs) {
        b.report(listener);
      }
      listener.added(path, node);
    }
  }

  private final UnixfsImporter importer;
  private final boolean wrap;
  private final Metadata implicitDirs;
  private final Listener listener;
  private final Dir top;
  private final List<ImportedNode> roots = new ArrayList<>();
  private String current; // the top-level entry being filled (without wrap), or null
  private boolean finished;

  /**
   * @param implicitDirs metadata for directories no entry declared, and for the wrapper
   */
  public StreamedTree(UnixfsImporter importer, boolean wrap, Metadata implicitDirs, Listener listener) {
    this.importer = importer;
    this.wrap = wrap;
    this.implicitDirs = implicitDirs;
    this.listener = listener;
    this.top = new Dir("", implicitDirs);
  }

  /** Imports a file from {@code content} (read to its end here). */
  public void file(String path, InputStream content, Metadata meta) throws IOException {
    String[] parts = split(path, true);
    Dir parent = parentOf(parts, path, false);
    ImportedNode node;
    try (InputStream in = new Progress(content, path)) {
      node = importer.file(in, meta);
    }
    leaf(parent, parts, path, node);
  }

  /** Imports a symlink to {@code target}. */
  public void symlink(String path, String target, Metadata meta) throws IOException {
    String[] parts = split(path, true);
    Dir parent = parentOf(parts, path, false);
    leaf(parent, parts, path, importer.symlink(target, meta));
  }

  /** Declares the directory at {@code path} (giving its metadata to one already created implicitly). */
  public void directory(String path, Metadata meta) throws IOException {
    String[] parts = split(path, false);
    Dir parent = parentOf(parts, path, true);
    String name = parts[parts.length - 1];
    Dir d = parent.dirs.get(name);
    if (d == null) {
      if (parent.leaves.containsKey(name)) {
        throw twice(path);
      }
      d = new Dir(path, meta);
      parent.dirs.put(name, d);
    } else if (d.declared) {
      throw twice(path);
    }
    d.meta = meta;
    d.declared = true;
  }

  /** Builds what is still open (and the wrapper); returns the roots to pin, in order. */
  public List<ImportedNode> finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    finished = true;
    if (wrap) {
      Built wrapper = build(top);
      wrapper.report(listener);
      roots.add(wrapper.node());
    } else {
      finishCurrent();
    }
    return List.copyOf(roots);
  }

  private void leaf(Dir parent, String[] parts, String path, ImportedNode node) throws IOException {
    if (parts.length == 0) {
      String name = node.cid().toString(); // an unnamed top-level file: named by its CID
      if (wrap) {
        if (top.has(name)) {
          throw twice(name);
        }
        top.leaves.put(name, node);
      } else {
        roots.add(node);
      }
      listener.added(name, node);
      return;
    }
    String name = parts[parts.length - 1];
    if (parent == top && !wrap) {
      roots.add(node);
    } else {
      if (parent.has(name)) {
        throw twice(path);
      }
      parent.leaves.put(name, node);
    }
    listener.added(path, node);
  }

  /**
   * The directory an entry at {@code parts} goes in, created (with its parents) if need be.
   * Without wrap, an entry under another top-level name first finishes the current one.
   */
  private Dir parentOf(String[] parts, String path, boolean isDir) throws IOException {
    if (!wrap) {
      boolean inTopDir = parts.length >= 2 || (isDir && parts.length == 1);
      if (current != null && (!inTopDir || !parts[0].equals(current))) {
        finishCurrent();
      }
      if (inTopDir && current == null) {
        top.dirs.put(parts[0], new Dir(parts[0], implicitDirs));
        current = parts[0];
      }
    }
    Dir d = top;
    for (int i = 0; i < parts.length - 1; i++) {
      Dir next = d.dirs.get(parts[i]);
      if (next == null) {
        if (d.leaves.containsKey(parts[i])) {
          throw new NodeException("'" + path + "' is inside '" + join(parts, i + 1) + "', which is a file");
        }
        next = new Dir(join(parts, i + 1), implicitDirs);
        d.dirs.put(parts[i], next);
      }
      d = next;
    }
    return d;
  }

  /** Builds the current top-level directory, reports its directories and makes it a root. */
  private void finishCurrent() throws IOException {
    if (current == null) {
      return;
    }
    Built b = build(top.dirs.remove(current));
    current = null;
    b.report(listener);
    roots.add(b.node());
  }

  private Built build(Dir d) throws IOException {
    List<DirectoryEntry> entries = new ArrayList<>(d.leaves.size() + d.dirs.size());
    d.leaves.forEach((name, node) -> entries.add(new DirectoryEntry(name, node)));
    Map<String, Built> built = new LinkedHashMap<>();
    for (Map.Entry<String, Dir> e : d.dirs.entrySet()) {
      Built b = build(e.getValue());
      built.put(e.getKey(), b);
      entries.add(new DirectoryEntry(e.getKey(), b.node()));
    }
    ImportedNode node = importer.directory(entries, d.meta);
    List<Built> subdirs = new ArrayList<>(built.size());
    for (String n : AddOrder.subdirectories(importer, entries, d.meta, built.keySet())) {
      subdirs.add(built.get(n));
    }
    return new Built(d.path, node, subdirs);
  }

  private static NodeException twice(String path) {
    return new NodeException("'" + path + "' arrived twice: send each entry of an upload once");
  }

  private static String join(String[] parts, int n) {
    return String.join("/", Arrays.copyOf(parts, n));
  }

  private static String[] split(String path, boolean mayBeEmpty) throws NodeException {
    if (path.isEmpty()) {
      if (mayBeEmpty) {
        return new String[0];
      }
      throw new NodeException("a directory needs a name");
    }
    String[] parts = path.split("/", -1);
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".") || p.equals("..")) {
        throw new NodeException("'" + path + "' is not a clean relative path (no empty, '.' or '..' parts)");
      }
    }
    return parts;
  }

  /** Counts a file's bytes for progress reports. */
  private final class Progress extends FilterInputStream {
    private final String path;
    private long bytes;
    private long reported = -1;

    Progress(InputStream in, String path) {
      super(in);
      this.path = path;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        bytes += n;
        if (bytes - Math.max(reported, 0) >= PROGRESS_EVERY) {
          reported = bytes;
          listener.progress(path, bytes);
        }
      } else if (n < 0 && reported != bytes) {
        reported = bytes;
        listener.progress(path, bytes); // the final count, as Kubo sends at EOF
      }
      return n;
    }
  }
}
