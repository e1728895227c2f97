package io.cairn.server.sync;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The daemon's watch of the trees it syncs (Linux inotify through {@code java.nio}'s
 * WatchService), so a sync through it lists and stats only the directories where something
 * happened since the last one, and a sync with nothing changed lists none. The first sync of a
 * tree through a daemon, and any sync after the watch lost trust, walks the whole tree and
 * registers each directory before listing it ({@link WatchSession.Mode#FULL}); the records'
 * stamp ties the watch to the records it was committed with. See ARCHITECTURE.md, "sync".
 *
 * <p>Bounded: at most {@code maxDirs} watched directories per tree and {@code maxTrees} trees
 * (the least recently synced one is dropped). A local {@code cairn sync} has no watcher.
 */
public final class TreeWatcher implements AutoCloseable {
  /** {@code -Dcairn.sync.watch=false} turns watching off. */
  public static final boolean ENABLED = !"false".equals(System.getProperty("cairn.sync.watch"));
  /** Watched directories per tree, at most. */
  public static final long DEFAULT_MAX_DIRS = Long.getLong("cairn.sync.watchDirs", 131_072L);
  /** Trees watched at once, at most. */
  public static final int DEFAULT_MAX_TREES = Integer.getInteger("cairn.sync.watchTrees", 8);
  /** File systems whose changes may come from elsewhere, where inotify does not see them. */
  private static final List<String> REMOTE = List.of("nfs", "cifs", "smb", "fuse", "9p", "ceph", "gluster", "lustre",
      "afs", "virtiofs", "vboxsf", "gpfs", "beegfs", "ocfs2", "gfs2");

  private final Path barrierDir;
  private final long maxDirs;
  private final int maxTrees;
  /** Watched trees, least recently synced first. */
  private final LinkedHashMap<String, WatchedTree> trees = new LinkedHashMap<>(16, 0.75f, true);
  /** Trees not watched until the daemon restarts, and why (keyed by name, path and settings). */
  private final Map<String, String> refused = new HashMap<>();
  private Path tempBarrier;
  private Boolean inotify;
  private boolean closed;

  /**
   * A watcher whose barrier files go in {@code barrierDir} (in the repository, never in a
   * synced tree; made when needed, emptied on close), or in a temporary directory when null.
   */
  public TreeWatcher(Path barrierDir, long maxDirs, int maxTrees) {
    this.barrierDir = barrierDir;
    this.maxDirs = Math.max(1, maxDirs);
    this.maxTrees = Math.max(1, maxTrees);
  }

  public TreeWatcher(Path barrierDir) {
    this(barrierDir, DEFAULT_MAX_DIRS, DEFAULT_MAX_TREES);
  }

  /**
   * Starts a sync of {@code name} at {@code root}: what the watch knows of its changes, or a
   * full walk that starts the watch, or none.
   *
   * @param settings the import settings and {@code --hidden}, as the tree record keeps them
   * @param storedStamp the stamp of the tree's records in the store when they are trusted (same
   *     settings, latest version pinned), else null
   */
  WatchSession begin(String name, Path root, String settings, byte[] storedStamp, boolean checksum)
      throws IOException {
    String refusal = refusalKey(name, root, settings);
    WatchedTree tree;
    synchronized (this) {
      if (closed) {
        return WatchSession.off("the daemon is stopping");
      }
      String why = refused.get(refusal);
      if (why != null) {
        return WatchSession.off(why);
      }
      tree = trees.get(name);
      if (tree != null && (!tree.root.equals(root) || !tree.settings.equals(settings))) {
        trees.remove(name).close();
        tree = null;
      }
    }
    String why;
    if (tree == null) {
      why = "the first sync of this tree through this daemon";
    } else if (checksum) {
      why = "--checksum reads every file";
    } else if (storedStamp == null) {
      why = "the records are not this tree's latest (other settings, or its version was unpinned)";
    } else {
      List<Set<String>> taken;
      try {
        taken = tree.takeChanges(storedStamp);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("sync interrupted while waiting for the watch");
      }
      if (taken != null) {
        return WatchSession.changes(tree, taken.get(0), taken.get(1));
      }
      why = tree.lost();
    }
    return startFull(name, root, settings, refusal, tree, why);
  }

  private synchronized WatchSession startFull(String name, Path root, String settings, String refusal,
      WatchedTree old, String why) throws IOException {
    if (old != null) {
      if (trees.get(name) == old) {
        trees.remove(name);
      }
      old.close();
      if (old.refused()) {
        refused.put(refusal, old.lost());
        return WatchSession.off(old.lost());
      }
    }
    if (closed) {
      return WatchSession.off("the daemon is stopping");
    }
    String fs = remoteFileSystem(root);
    if (fs != null) {
      String r = "the tree is on a " + fs + " file system, where changes made elsewhere raise no inotify event";
      refused.put(refusal, r);
      return WatchSession.off(r);
    }
    if (!inotify()) {
      return WatchSession.off("this platform's WatchService is not inotify");
    }
    WatchedTree tree;
    try {
      tree = new WatchedTree(name, root, settings, barrier(), maxDirs);
    } catch (IOException e) {
      return WatchSession.off("cannot start watching: " + e.getMessage());
    }
    trees.put(name, tree);
    for (Iterator<Map.Entry<String, WatchedTree>> it = trees.entrySet().iterator(); trees.size() > maxTrees; ) {
      it.next().getValue().close(); // the least recently synced
      it.remove();
    }
    return WatchSession.full(tree, why);
  }

  private Path barrier() throws IOException {
    if (barrierDir != null) {
      return Files.createDirectories(barrierDir);
    }
    if (tempBarrier == null) {
      tempBarrier = Files.createTempDirectory("cairn-sync-watch");
    }
    return tempBarrier;
  }

  private boolean inotify() {
    if (inotify == null) {
      try (WatchService s = FileSystems.getDefault().newWatchService()) {
        inotify = WatchedTree.inotify(s);
      } catch (IOException e) {
        inotify = false;
      }
    }
    return inotify;
  }

  private static String remoteFileSystem(Path root) {
    try {
      String type = Files.getFileStore(root).type().toLowerCase(Locale.ROOT);
      for (String r : REMOTE) {
        if (type.startsWith(r)) {
          return type;
        }
      }
      return null;
    } catch (IOException e) {
      return null; // the walk reports a missing tree itself
    }
  }

  private static String refusalKey(String name, Path root, String settings) {
    return name + "\0" + root + "\0" + settings;
  }

  /** Trees watched now. */
  public synchronized int trees() {
    return trees.size();
  }

  /** Directories watched in the tree named {@code name} (0 when it is not watched). */
  public synchronized int watches(String name) {
    WatchedTree t = trees.get(name);
    return t == null ? 0 : t.watches();
  }

  /** The watched tree named {@code name}, for tests. */
  synchronized WatchedTree tree(String name) {
    return trees.get(name);
  }

  /** Stops watching every tree (the daemon is stopping) and removes the barrier files. */
  @Override
  public synchronized void close() {
    closed = true;
    trees.values().forEach(WatchedTree::close);
    trees.clear();
    for (Path d : new Path[] {barrierDir, tempBarrier}) {
      if (d == null || !Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
        Files.deleteIfExists(d);
      } catch (IOException e) {
        // leftovers in the barrier directory are harmless
      }
    }
  }
}
