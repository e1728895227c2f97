package io.cairn.server.sync;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One synced tree watched by the daemon: its own WatchService (one inotify descriptor), the
 * watch key of each directory registered so far (by path relative to the tree, "" for the root),
 * and what changed since the last sync — the <em>dirty</em> directories (an entry in them was
 * created, deleted, moved, modified or had its attributes changed) and the <em>whole</em> ones
 * (created or moved in: to register and walk whole, as their contents may predate their watch).
 * A consumer thread reads the events as they come. Trust is lost (the next sync walks everything
 * on a new tree) when events may have been lost or a directory still in the tree stopped being
 * watched; {@link #lost()} says why.
 *
 * <p>The barrier ({@link #takeChanges}): a sync first creates a uniquely named file in the
 * repository's barrier directory, watched by the same service, and waits until the consumer has
 * read that event and then emptied the service's queue of signalled keys. One inotify descriptor
 * delivers events in the order their system calls made them and the JDK's single poller thread
 * signals keys in that order (a signalled key is queued once, and {@code reset()} queues it
 * again if events came meanwhile); the one consumer resets each key before it takes the next, so
 * when it reads the barrier's event every key holding an earlier event is queued, and emptying
 * the queue reads them all.
 */
final class WatchedTree implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchedTree.class);
  /** How long a sync waits for its barrier before it walks everything instead. */
  private static final long BARRIER_MILLIS = 10_000;
  private static final AtomicLong TREE_IDS = new AtomicLong();

  final String name;
  final Path root;
  /** The import settings and {@code --hidden}: another value means another tree. */
  final String settings;
  private final long maxDirs;
  private final WatchService service;
  private final Path barrierDir;
  private final String barrierPrefix;
  private final WatchKey barrierKey;
  private final Thread consumer;
  private long barrierSeq;

  // Guarded by this.
  private final TreeMap<String, WatchKey> keys = new TreeMap<>();
  private final Map<WatchKey, String> paths = new HashMap<>();
  /** Keys seen invalid (IN_IGNORED) with their paths: trust is lost if a path is still theirs. */
  private final Map<String, WatchKey> invalidated = new HashMap<>();
  private Set<String> dirty = new HashSet<>();
  private Set<String> whole = new HashSet<>();
  private String lost;
  private boolean refused;
  private byte[] stamp;
  private long barrierPassed;

  /** Starts watching nothing yet: directories are registered as a walk lists them ({@link #watch}). */
  WatchedTree(String name, Path root, String settings, Path barrierDir, long maxDirs) throws IOException {
    this.name = name;
    this.root = root;
    this.settings = settings;
    this.maxDirs = maxDirs;
    this.barrierDir = barrierDir;
    this.barrierPrefix = "t" + TREE_IDS.incrementAndGet() + "-";
    this.service = root.getFileSystem().newWatchService();
    try {
      this.barrierKey = barrierDir.register(service, ENTRY_CREATE);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    this.consumer = Thread.ofPlatform().daemon().name("cairn-sync-watch-" + name).start(this::consume);
  }

  /** Whether the JDK's watch service here is inotify's: others poll, and the barrier would not hold. */
  static boolean inotify(WatchService s) {
    return s.getClass().getName().equals("sun.nio.fs.LinuxWatchService");
  }

  /** Why the watch can no longer tell what changed, or null while it can. */
  synchronized String lost() {
    return lost;
  }

  /** Whether registering failed for a reason that would fail again (the inotify limit, too many directories). */
  synchronized boolean refused() {
    return refused;
  }

  synchronized int watches() {
    return keys.size();
  }

  private synchronized void lose(String why, boolean refuse) {
    if (lost == null) {
      lost = why;
    }
    refused |= refuse;
  }

  /**
   * Waits until every event queued before now is read, then takes what changed since the last
   * take: {@code [dirty, whole]}, or null with the reason in {@link #lost()} when the watch can no
   * longer say (or its state does not go with the records stamped {@code storedStamp}).
   */
  List<Set<String>> takeChanges(byte[] storedStamp) throws InterruptedException {
    long seq;
    synchronized (this) {
      if (lost != null) {
        return null;
      }
      if (stamp == null) {
        lost = "the sync that started the watch did not complete";
        return null;
      }
      if (!Arrays.equals(stamp, storedStamp)) {
        lost = "the records were committed by a sync the watch did not follow";
        return null;
      }
      seq = ++barrierSeq;
    }
    Path token = barrierDir.resolve(barrierPrefix + seq);
    try {
      Files.createFile(token);
    } catch (IOException e) {
      lose("cannot create a barrier file in " + barrierDir + ": " + e.getMessage(), false);
      return null;
    }
    try {
      synchronized (this) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BARRIER_MILLIS);
        while (barrierPassed < seq && lost == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            lost = "the watch's events did not arrive within " + BARRIER_MILLIS / 1000 + " s";
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        for (Map.Entry<String, WatchKey> e : invalidated.entrySet()) {
          if (keys.get(e.getKey()) == e.getValue()) {
            lose("the watch of '" + e.getKey() + "' ended while it is still in the tree", false);
          }
        }
        invalidated.clear();
        if (lost != null) {
          return null;
        }
        List<Set<String>> taken = List.of(dirty, whole);
        dirty = new HashSet<>();
        whole = new HashSet<>();
        return taken;
      }
    } finally {
      try {
        Files.deleteIfExists(token);
      } catch (IOException e) {
        // a stray barrier file costs nothing; the directory is emptied on close
      }
    }
  }

  /** Puts back what a failed sync took. */
  synchronized void restore(Set<String> takenDirty, Set<String> takenWhole) {
    dirty.addAll(takenDirty);
    whole.addAll(takenWhole);
  }

  /** A sync committed records stamped {@code newStamp}, having registered every directory it listed. */
  synchronized void committed(byte[] newStamp) {
    stamp = lost == null ? newStamp.clone() : null;
  }

  /** Whether the directory at {@code path} is watched. */
  synchronized boolean watched(String path) {
    WatchKey k = keys.get(path);
    return k != null && k.isValid();
  }

  /** Registers the directory at {@code path} unless it is watched; a failure makes the watch lost. */
  void watch(String path) {
    synchronized (this) {
      if (lost != null) {
        return; // the next sync starts over: spare the registrations
      }
      WatchKey k = keys.get(path);
      if (k != null && k.isValid()) {
        return;
      }
      if (keys.size() >= maxDirs) {
        lost = "the tree has more than " + maxDirs + " directories (-Dcairn.sync.watchDirs)";
        refused = true;
        return;
      }
    }
    WatchKey k;
    try {
      k = root.resolve(path).register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    } catch (IOException | ClosedWatchServiceException e) {
      boolean limit = e.getMessage() != null && e.getMessage().contains("inotify watches");
      if (limit) {
        LOG.warn("sync: cannot watch '{}' ({}): the user's inotify watches are used up; raise the limit with"
            + " 'sudo sysctl fs.inotify.max_user_watches=N' (now {}) and restart the daemon; until then its syncs"
            + " walk the whole tree", name, root, maxUserWatches());
      }
      lose("registering " + root.resolve(path) + " failed: " + e.getMessage(), limit);
      return;
    }
    synchronized (this) {
      String other = paths.get(k);
      if (other != null && !other.equals(path) && keys.get(other) == k) {
        // One directory at two paths (a bind mount): its events would be told for one of them only.
        lost = "'" + path + "' and '" + other + "' are the same directory";
        refused = true;
        return;
      }
      WatchKey old = keys.put(path, k);
      if (old != null && old != k) {
        paths.remove(old);
      }
      paths.put(k, path);
    }
  }

  private static String maxUserWatches() {
    try {
      return Files.readString(Path.of("/proc/sys/fs/inotify/max_user_watches")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void consume() {
    try {
      while (true) {
        long token = handle(service.take());
        if (token > 0) {
          for (WatchKey k = service.poll(); k != null; k = service.poll()) {
            token = Math.max(token, handle(k));
          }
          synchronized (this) {
            barrierPassed = Math.max(barrierPassed, token);
            notifyAll();
          }
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: the tree is no longer watched
    }
  }

  /** Reads a key's events into the state; returns the highest barrier token among them (0: none). */
  private long handle(WatchKey key) {
    List<WatchEvent<?>> events = key.pollEvents();
    return handle(key, events, key.reset());
  }

  /**
   * Hands {@code events} to the state as if the watch of the directory at {@code path} had
   * delivered them (tests: an OVERFLOW cannot be made to happen on purpose).
   */
  void deliver(String path, List<WatchEvent<?>> events) {
    WatchKey key;
    synchronized (this) {
      key = keys.get(path);
    }
    handle(key, events, true);
  }

  private long handle(WatchKey key, List<WatchEvent<?>> events, boolean valid) {
    if (key == barrierKey) {
      long token = 0;
      for (WatchEvent<?> e : events) {
        if (e.kind() == OVERFLOW) {
          lose("events were lost (inotify queue overflow)", false);
        } else if (e.context() instanceof Path p && p.toString().startsWith(barrierPrefix)) {
          try {
            token = Math.max(token, Long.parseLong(p.toString().substring(barrierPrefix.length())));
          } catch (NumberFormatException ignored) {
            // not ours
          }
        }
      }
      if (!valid) {
        lose("the barrier directory " + barrierDir + " is gone", false);
      }
      synchronized (this) {
        if (!paths.containsKey(key)) { // else the repository is inside the tree: its events count too
          return token;
        }
      }
      handleTree(key, events, valid);
      return token;
    }
    handleTree(key, events, valid);
    return 0;
  }

  private synchronized void handleTree(WatchKey key, List<WatchEvent<?>> events, boolean valid) {
    String dir = paths.get(key);
    if (dir == null) {
      return; // cancelled since: its events are covered by its parent's
    }
    for (WatchEvent<?> e : events) {
      if (e.kind() == OVERFLOW) {
        lose("events were lost (more than the JDK keeps per directory, or the inotify queue overflowed)", false);
        continue;
      }
      dirty.add(dir);
      String child = dir.isEmpty() ? e.context().toString() : dir + "/" + e.context();
      if (e.kind() == ENTRY_CREATE || e.kind() == ENTRY_DELETE) {
        unwatch(child); // what the name names now is another file: watches below it are stale
        if (e.kind() == ENTRY_CREATE && Files.isDirectory(root.resolve(child), LinkOption.NOFOLLOW_LINKS)) {
          whole.add(child);
        }
      }
    }
    if (!valid) {
      invalidated.put(dir, key);
    }
    if (dirty.size() + whole.size() > maxDirs) {
      lose("more than " + maxDirs + " directories changed", false);
    }
    if (lost != null) {
      dirty.clear();
      whole.clear();
    }
  }


  /** Cancels the watches of the directory at {@code path} and of every directory below it. */
  private void unwatch(String path) {
    WatchKey k = keys.remove(path);
    if (k != null) {
      paths.remove(k);
      k.cancel();
    }
    SortedMap<String, WatchKey> below = keys.subMap(path + "/", path + "0"); // '0' follows '/'
    for (Iterator<WatchKey> it = below.values().iterator(); it.hasNext(); ) {
      WatchKey b = it.next();
      paths.remove(b);
      b.cancel();
      it.remove();
    }
  }

  /** Stops watching: every watch of the tree is removed with its inotify descriptor. */
  @Override
  public void close() {
    synchronized (this) {
      lose("the watch was stopped", false);
      notifyAll(); // a sync waiting for its barrier walks everything instead
    }
    try {
      service.close();
    } catch (IOException e) {
      // closing an inotify descriptor does not fail in a way worth reporting
    }
    consumer.interrupt();
  }
}
