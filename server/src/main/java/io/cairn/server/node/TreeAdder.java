package io.cairn.server.node;

import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.PreparedFile;
import io.cairn.unixfs.UnixTime;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /**
     * How the walk learns what the directory at {@code path} holds, asked before it would list
     * it: {@link Listing#LIST} (list it and stat its entries), or, for a memory that knows what
     * changed without walking (a watched tree), its remembered entries or its node when nothing
     * below it changed. Called once per directory the walk reaches.
     */
    default Listing listing(String path, Stat stat) throws IOException {
      return Listing.LIST;
    }
  }

  /**
   * A {@link Memory}'s answer for one directory: {@code node} when nothing in its whole subtree
   * changed (nothing below it is visited), else {@code entries} when its entries are known
   * without listing it (a directory among them is asked again; one that must be listed is
   * stat-ed again first, since its own stat is what changed), else neither: list it.
   */
  public record Listing(ImportedNode node, List<Entry> entries) {
    public static final Listing LIST = new Listing(null, null);

    public static Listing unchanged(ImportedNode node) {
      return new Listing(Objects.requireNonNull(node, "node"), null);
    }

    public static Listing recorded(List<Entry> entries) {
      return new Listing(null, Objects.requireNonNull(entries, "entries"));
    }

    public boolean list() {
      return node == null && entries == null;
    }
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

  /** Files up to this size are read whole and imported on a worker, several at once. */
  static final int SMALL_FILE = 1 << 20;
  /** Entries walked ahead of the one being stored: bounds memory on trees of any size. */
  private static final int MAX_QUEUED = 4096;

  private final UnixfsImporter importer;
  private final boolean hidden;
  private final Listener listener;
  private final Memory memory;
  private final boolean reportDirs;
  private final int threads;
  /** Walked entries in walk order (children before their directory), stored and reported in that order. */
  private final ArrayDeque<Step> queue = new ArrayDeque<>();
  private ExecutorService workers;
  private int inFlight;
  private long dirsListed;

  public TreeAdder(UnixfsImporter importer, boolean hidden, Listener listener) {
    this(importer, hidden, listener, FORGETFUL, true);
  }

  /**
   * A walk that consults {@code memory}; with {@code reportDirs} false no {@link Dirs} tree is
   * kept (a sync reports no per-directory lines, and a large tree's report order costs time).
   */
  public TreeAdder(UnixfsImporter importer, boolean hidden, Listener listener, Memory memory, boolean reportDirs) {
    this(importer, hidden, listener, memory, reportDirs,
        Integer.getInteger("cairn.import.fileThreads", Runtime.getRuntime().availableProcessors()));
  }

  /**
   * As above, importing small files on {@code threads} workers (1: all on the calling thread).
   * The other constructors use one per core, or the system property {@code cairn.import.fileThreads}
   * (for measuring: {@code CAIRN_JAVA_OPTS=-Dcairn.import.fileThreads=1}).
   */
  public TreeAdder(UnixfsImporter importer, boolean hidden, Listener listener, Memory memory, boolean reportDirs,
      int threads) {
    this.importer = Objects.requireNonNull(importer, "importer");
    this.hidden = hidden;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.reportDirs = reportDirs;
    this.threads = Math.max(1, threads);
  }

  /** Imports {@code path}, which is reported under {@code name}. Directories need {@code recursive}. */
  public Result add(Path path, String name, boolean recursive) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isDirectory() && !recursive) {
      throw new NodeException(path + " is a directory, use the '-r' flag to add it");
    }
    try {
      Slot slot = walk(path, name, stat(path, attrs));
      while (!queue.isEmpty()) {
        store(queue.poll());
      }
      return new Result(slot.node, slot.dirs);
    } finally {
      for (Step s : queue) {
        if (s.prepared != null) {
          s.prepared.cancel(true);
        }
      }
      queue.clear();
      inFlight = 0;
      if (workers != null) {
        workers.shutdownNow();
        workers = null;
      }
    }
  }

  /** Directories listed from disk so far (those a {@link Memory} answered are not). */
  public long dirsListed() {
    return dirsListed;
  }

  /** Where an entry's node is put once it is stored. */
  private static final class Slot {
    ImportedNode node;
    Dirs dirs;
  }

  /**
   * One walked entry waiting to be stored: a file being imported on a worker ({@code prepared}),
   * a file or symlink to import in turn, an unchanged entry ({@code slot.node} already set), or a
   * directory over its children's slots.
   */
  private static final class Step {
    final String name;
    final Path path;
    final Stat stat;
    final Slot slot = new Slot();
    Future<PreparedFile> prepared;
    List<String> childNames;
    List<Stat> childStats;
    List<Slot> children;

    Step(String name, Path path, Stat stat) {
      this.name = name;
      this.path = path;
      this.stat = stat;
    }
  }

  /** Walks {@code path}, queueing its steps (children first); returns the slot its node will be in. */
  private Slot walk(Path path, String name, Stat stat) throws IOException {
    if (stat.kind() == Kind.DIRECTORY) {
      return walkDirectory(path, name, stat, memory.listing(name, stat));
    }
    Step step = new Step(name, path, stat);
    step.slot.node = memory.unchanged(name, stat);
    if (step.slot.node == null && stat.kind() == Kind.FILE && stat.size() <= SMALL_FILE && threads > 1) {
      step.prepared = workers().submit(() -> {
        byte[] content = readSmall(path);
        return content.length > SMALL_FILE ? null : importer.prepareFile(content, stat.meta());
      });
      inFlight++;
    }
    return queue(step);
  }

  /** Walks a directory as {@code listing} says: its node known, its entries known, or listed from disk. */
  private Slot walkDirectory(Path path, String name, Stat stat, Listing listing) throws IOException {
    Step step = new Step(name, path, stat);
    if (listing.node() != null) {
      step.slot.node = listing.node(); // nothing below changed: not visited
      return queue(step);
    }
    List<String> names = new ArrayList<>();
    List<Stat> stats = new ArrayList<>();
    List<Path> paths = null;
    if (listing.entries() != null) {
      for (Entry e : listing.entries()) {
        names.add(e.name());
        stats.add(e.stat());
      }
    } else {
      paths = list(path, names, stats);
    }
    step.childNames = names;
    step.childStats = stats;
    step.children = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      String childName = names.get(i);
      Path child = paths != null ? paths.get(i) : path.resolve(childName);
      String childPath = name.isEmpty() ? childName : name + "/" + childName;
      Stat cs = stats.get(i);
      if (cs.kind() != Kind.DIRECTORY) {
        step.children.add(walk(child, childPath, cs));
        continue;
      }
      Listing cl = memory.listing(childPath, cs);
      if (cl.list() && listing.entries() != null) {
        // Known from a record, yet to be listed: its own stat (mtime, size) changed with its entries.
        cs = stat(child, Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        if (cs.kind() != Kind.DIRECTORY) {
          throw new NodeException(child + " stopped being a directory while it was walked; run the sync again");
        }
        stats.set(i, cs);
      }
      step.children.add(walkDirectory(child, childPath, cs, cl));
    }
    return queue(step);
  }

  /** Lists a directory's entries (in name-byte order, hidden ones only when asked) and stats each; returns their paths. */
  private List<Path> list(Path path, List<String> names, List<Stat> stats) throws IOException {
    dirsListed++;
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
      for (Path child : ds) {
        String n = child.getFileName().toString();
        if (!hidden && n.startsWith(".")) {
          continue;
        }
        children.add(child);
      }
    }
    children.sort((a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b)));
    for (Path child : children) {
      BasicFileAttributes ca = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      names.add(child.getFileName().toString());
      stats.add(stat(child, ca));
    }
    return children;
  }

  private Slot queue(Step step) throws IOException {
    queue.add(step);
    while (inFlight >= 2 * threads || queue.size() >= MAX_QUEUED) {
      store(queue.poll());
    }
    return step.slot;
  }

  private ExecutorService workers() {
    if (workers == null) {
      workers = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "cairn-file");
        t.setDaemon(true);
        return t;
      });
    }
    return workers;
  }

  private static byte[] readSmall(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes(SMALL_FILE + 1); // more than SMALL_FILE: it grew since its stat
    }
  }

  /** Stores one step (its children are stored already) and reports a file or symlink. */
  private void store(Step step) throws IOException {
    if (step.stat.kind() == Kind.DIRECTORY) {
      storeDirectory(step);
      return;
    }
    PreparedFile f = null;
    if (step.prepared != null) {
      f = await(step.prepared);
      inFlight--;
    }
    if (f != null) {
      step.slot.node = importer.put(f);
      listener.bytesRead(f.node().contentSize());
    } else if (step.slot.node == null) { // (a file that grew past SMALL_FILE since its stat is streamed)
      step.slot.node = step.stat.kind() == Kind.SYMLINK
          ? importer.symlink(Files.readSymbolicLink(step.path).toString(), new Metadata(-1, step.stat.meta().mtime()))
          : importFile(step);
    }
    listener.added(step.name, step.slot.node);
  }

  private ImportedNode importFile(Step step) throws IOException {
    try (InputStream in = new CountingStream(Files.newInputStream(step.path), listener)) {
      return importer.file(in, step.stat.meta());
    }
  }

  private void storeDirectory(Step step) throws IOException {
    if (step.children == null) { // answered whole by the memory
      if (reportDirs) {
        step.slot.dirs = new Dirs(step.name, step.slot.node, List.of());
      }
      return;
    }
    List<Entry> walked = new ArrayList<>(step.children.size());
    List<DirectoryEntry> entries = new ArrayList<>(step.children.size());
    Map<String, Dirs> subdirs = new HashMap<>();
    for (int i = 0; i < step.children.size(); i++) {
      Slot c = step.children.get(i);
      String n = step.childNames.get(i);
      walked.add(new Entry(n, step.childStats.get(i), c.node));
      entries.add(new DirectoryEntry(n, c.node));
      if (c.dirs != null) {
        subdirs.put(n, c.dirs);
      }
    }
    Metadata meta = step.stat.meta();
    step.slot.node = memory.directory(step.name, step.stat, walked, () -> importer.directory(entries, meta));
    if (reportDirs) {
      List<Dirs> ordered = new ArrayList<>(subdirs.size());
      for (String n : AddOrder.subdirectories(importer, entries, meta, subdirs.keySet())) {
        ordered.add(subdirs.get(n));
      }
      step.slot.dirs = new Dirs(step.name, step.slot.node, ordered);
    }
  }

  private static PreparedFile await(Future<PreparedFile> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("import interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      } else if (e.getCause() instanceof RuntimeException re) {
        throw re;
      } else if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    }
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
