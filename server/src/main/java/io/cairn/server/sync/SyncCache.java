package io.cairn.server.sync;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The directory records of recently synced trees, kept decoded in a long-running process (the
 * daemon) so the next sync of a tree reads none of them from the store. The records in the
 * store stay the truth: each sync commits a fresh random stamp with its records
 * ({@link SyncKeys#stamp}), and cached records are used only when the stored stamp is the one
 * they were committed with — a sync by another process, an interrupted sync (its stamp is never
 * committed) or a process that reopened the repository all leave the cache stale, and then the
 * records are read from the store as without a cache. A sync takes its tree's records out of
 * the cache and puts the new ones back only after its commit, so a failed sync leaves nothing
 * cached. Held entries are bounded ({@code maxEntries} directory entries in all): a tree that
 * does not fit is not cached.
 */
public final class SyncCache {
  /** Directory entries cached by default, across trees (a few hundred bytes each). */
  public static final long DEFAULT_MAX_ENTRIES = Long.getLong("cairn.sync.cacheEntries", 1_000_000L);

  /** The records of one tree as committed with {@code stamp}. */
  record Tree(byte[] stamp, Map<String, DirRecord> dirs, long entries) {}

  private final long maxEntries;
  private final Map<String, Tree> trees = new HashMap<>();
  private long held;

  /** A cache holding at most {@code maxEntries} directory entries (0: caches nothing). */
  public SyncCache(long maxEntries) {
    this.maxEntries = Math.max(0, maxEntries);
  }

  public SyncCache() {
    this(DEFAULT_MAX_ENTRIES);
  }

  /**
   * Takes the records of tree {@code name} out of the cache: its directory records and their
   * entry count when they were committed with {@code storedStamp} (the stamp now in the
   * store), else null.
   */
  synchronized Tree take(String name, byte[] storedStamp) {
    Tree t = trees.remove(name);
    if (t == null) {
      return null;
    }
    held -= t.entries();
    return storedStamp != null && Arrays.equals(t.stamp(), storedStamp) ? t : null;
  }

  /** Keeps the records a sync of {@code name} just committed with {@code stamp}, if they fit. */
  synchronized void put(String name, byte[] stamp, Map<String, DirRecord> dirs, long entries) {
    Tree old = trees.remove(name);
    if (old != null) {
      held -= old.entries();
    }
    if (held + entries <= maxEntries) {
      trees.put(name, new Tree(stamp.clone(), dirs, entries));
      held += entries;
    }
  }

  /** The most directory entries this cache holds. */
  long maxEntries() {
    return maxEntries;
  }

  /** Directory entries held now. */
  public synchronized long entries() {
    return held;
  }
}
