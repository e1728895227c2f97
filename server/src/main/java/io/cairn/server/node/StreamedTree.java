package io.cairn.server.node;

import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports a tree whose entries arrive one at a time as relative paths ({@code a/b/c.txt}), the
 * way an HTTP multipart upload carries them: each file is imported as it arrives, straight from
 * its stream. A directory is built when the stream leaves it — when an entry arrives that is not
 * inside it, or at the end — so the entries of one directory must arrive together (every client
 * sends them so). Parents that were never declared are created, as Kubo does.
 *
 * <p>Reporting follows Kubo's {@code add}: files and symlinks as they are imported; each
 * top-level directory's directories once it is finished, sub-directories before their parent;
 * with {@code wrap}, every directory at the end and the wrapper (named "") last. Without
 * {@code wrap} each top-level entry is a root of its own. A top-level file without a name is
 * named by its CID.
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

  /** A finished directory and its finished sub-directories, in report order. */
  private record Report(String path, ImportedNode node, List<Report> subdirs) {
    void emit(Listener listener) throws IOException {
      for (Report r : subdirs) {
        r.emit(listener);
      }
      listener.added(path, node);
    }
  }

  private static final class OpenDir {
    final String path;
    final String name;
    Metadata meta;
    boolean declared;
    final List<DirectoryEntry> entries = new ArrayList<>();
    final Set<String> names = new HashSet<>();
    final Map<String, Report> subdirs = new HashMap<>();

    OpenDir(String path, String name, Metadata meta) {
      this.path = path;
      this.name = name;
      this.meta = meta;
    }

    void add(String entryName, ImportedNode node, String where) throws NodeException {
      if (!names.add(entryName)) {
        throw new NodeException("'" + where + "' arrived twice, or after its directory was finished: send each "
            + "entry once, with the entries of a directory together");
      }
      entries.add(new DirectoryEntry(entryName, node));
    }
  }

  private final UnixfsImporter importer;
  private final boolean wrap;
  private final Metadata implicitDirs;
  private final Listener listener;
  private final OpenDir top;
  private final Deque<OpenDir> open = new ArrayDeque<>(); // innermost first; top excluded
  private final List<ImportedNode> roots = new ArrayList<>();
  private boolean finished;

  /**
   * @param implicitDirs metadata for directories no entry declared, and for the wrapper
   */
  public StreamedTree(UnixfsImporter importer, boolean wrap, Metadata implicitDirs, Listener listener) {
    this.importer = importer;
    this.wrap = wrap;
    this.implicitDirs = implicitDirs;
    this.listener = listener;
    this.top = new OpenDir("", "", implicitDirs);
  }

  /** Imports a file from {@code content} (read to its end here). */
  public void file(String path, InputStream content, Metadata meta) throws IOException {
    String[] parts = split(path, true);
    OpenDir parent = enter(parts, Math.max(0, parts.length - 1));
    ImportedNode node;
    try (InputStream in = new Progress(content, path)) {
      node = importer.file(in, meta);
    }
    leaf(parent, parts, path, node);
  }

  /** Imports a symlink to {@code target}. */
  public void symlink(String path, String target, Metadata meta) throws IOException {
    String[] parts = split(path, true);
    OpenDir parent = enter(parts, Math.max(0, parts.length - 1));
    leaf(parent, parts, path, importer.symlink(target, meta));
  }

  /** Opens the directory at {@code path} (or gives metadata to one already opened implicitly). */
  public void directory(String path, Metadata meta) throws IOException {
    String[] parts = split(path, false);
    if (matched(parts) == parts.length) {
      while (open.size() > parts.length) {
        close(); // the stream has left the directories below this one
      }
      OpenDir d = open.peekFirst();
      if (d.declared) {
        throw new NodeException("directory '" + path + "' arrived twice");
      }
      d.declared = true;
      d.meta = meta;
      return;
    }
    enter(parts, parts.length - 1);
    OpenDir d = push(parts, parts.length - 1, meta);
    d.declared = true;
  }

  /** Finishes every open directory (and the wrapper); returns the roots to pin, in order. */
  public List<ImportedNode> finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    finished = true;
    while (!open.isEmpty()) {
      close();
    }
    if (wrap) {
      ImportedNode wrapper = importer.directory(top.entries, top.meta);
      for (String n : AddOrder.subdirectories(importer, top.entries, top.meta, top.subdirs.keySet())) {
        top.subdirs.get(n).emit(listener);
      }
      listener.added("", wrapper);
      roots.add(wrapper);
    }
    return List.copyOf(roots);
  }

  private void leaf(OpenDir parent, String[] parts, String path, ImportedNode node) throws IOException {
    String name = parts.length == 0 ? node.cid().toString() : parts[parts.length - 1];
    String reported = parts.length == 0 ? name : path;
    if (parent != top || wrap) {
      parent.add(name, node, reported);
    } else {
      roots.add(node);
    }
    listener.added(reported, node);
  }

  /** Closes open directories until the innermost is {@code parts[0..depth)}, opening missing ones. */
  private OpenDir enter(String[] parts, int depth) throws IOException {
    int matched = Math.min(matched(parts), depth);
    while (open.size() > matched) {
      close();
    }
    while (open.size() < depth) {
      push(parts, open.size(), implicitDirs);
    }
    return open.isEmpty() ? top : open.peekFirst();
  }

  /** How many open directories (outermost first) are the first components of {@code parts}. */
  private int matched(String[] parts) {
    int i = 0;
    var it = open.descendingIterator();
    while (it.hasNext() && i < parts.length) {
      if (!it.next().name.equals(parts[i])) {
        break;
      }
      i++;
    }
    return i;
  }

  private OpenDir push(String[] parts, int index, Metadata meta) throws NodeException {
    OpenDir parent = open.isEmpty() ? top : open.peekFirst();
    String path = String.join("/", java.util.Arrays.copyOf(parts, index + 1));
    if (parent.names.contains(parts[index])) {
      throw new NodeException("'" + path + "' arrived after its directory was finished: send the entries of a "
          + "directory together");
    }
    OpenDir d = new OpenDir(path, parts[index], meta);
    open.push(d);
    return d;
  }

  private void close() throws IOException {
    OpenDir d = open.pop();
    ImportedNode node = importer.directory(d.entries, d.meta);
    List<Report> subdirs = new ArrayList<>();
    for (String n : AddOrder.subdirectories(importer, d.entries, d.meta, d.subdirs.keySet())) {
      subdirs.add(d.subdirs.get(n));
    }
    Report report = new Report(d.path, node, subdirs);
    OpenDir parent = open.isEmpty() ? top : open.peekFirst();
    if (parent == top && !wrap) {
      report.emit(listener);
      roots.add(node);
      return;
    }
    parent.add(d.name, node, d.path);
    parent.subdirs.put(d.name, report);
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
    private long reported;

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
        if (bytes - reported >= PROGRESS_EVERY) {
          reported = bytes;
          listener.progress(path, bytes);
        }
      } else if (n < 0 && reported != bytes) {
        reported = bytes;
        listener.progress(path, bytes);
      }
      return n;
    }
  }
}
