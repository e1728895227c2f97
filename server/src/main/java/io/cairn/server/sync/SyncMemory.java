package io.cairn.server.sync;

import io.cairn.server.node.TreeAdder;
import io.cairn.store.Changes;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportedNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The previous sync's records, consulted by the walk: a file whose stat matches its record is
 * not read; a directory whose entries point at the same nodes is not built. Records that differ
 * from what the walk saw are written to {@code changes} (committed with the new root's pin),
 * and the records of directories that are gone are deleted. Only the records of the directories
 * on the walk's current path are held in memory — unless the records come from (or go to) a
 * {@link SyncCache}: then {@code cached} holds the previous sync's records and {@link #seen}
 * collects this one's.
 *
 * <p>With a {@link WatchSession} that knows what changed (the daemon watches the tree), only
 * directories on the path of a change are visited ({@link #listing}): the totals are then the
 * previous version's plus the differences in the visited directories, and the cached records
 * are updated in place.
 */
final class SyncMemory implements TreeAdder.Memory {
  /** A loaded record (null when there was none). */
  private record Loaded(DirRecord record) {}

  private final Store store;
  private final String name;
  private final boolean trustRecords;
  private final boolean trustStats;
  private final Changes changes;
  private final SyncListener listener;
  private final Map<String, Loaded> loaded = new HashMap<>();
  private final Map<String, DirRecord> cached;
  /** This sync's records by path, for the cache (null: not kept, or more than {@code keepUpTo} entries). */
  Map<String, DirRecord> seen;
  long seenEntries;
  private final long keepUpTo;
  private final WatchSession watch;
  /** Files and bytes in the previous version, minus those in the records of directories visited or gone. */
  private long baseFiles;
  private long baseBytes;
  long filesRead;
  long dirsBuilt;
  /** Files and symlinks walked, and their bytes. */
  private long walkedFiles;
  private long walkedBytes;

  /**
   * @param trustRecords whether the stored records belong to the latest version, made with the
   *     same settings (else everything is read and built again)
   * @param trustStats whether a file whose stat is unchanged is taken as unchanged (false: {@code --checksum})
   * @param cached the previous sync's records, known to be the stored ones (null: read them from the store)
   * @param keepUpTo collect this sync's records in {@link #seen} until they hold more entries
   *     than this (0: collect none), so memory stays bounded whatever the tree's size
   * @param watch what the daemon's watch knows of the changes ({@link WatchSession#NONE}: nothing)
   * @param previous the latest version, whose totals a walk of the changes only corrects
   */
  SyncMemory(Store store, String name, boolean trustRecords, boolean trustStats, Changes changes,
      SyncListener listener, SyncCache.Tree cached, long keepUpTo, WatchSession watch, Version previous) {
    this.watch = watch;
    this.cached = trustRecords && cached != null ? cached.dirs() : null;
    this.keepUpTo = keepUpTo;
    if (watch.changes()) {
      baseFiles = previous.files();
      baseBytes = previous.bytes();
      // The records not visited stay as they are: update the cached ones in place (or keep none).
      this.seen = this.cached;
      this.seenEntries = this.cached == null ? 0 : cached.entries();
    } else {
      this.seen = keepUpTo > 0 ? new HashMap<>() : null;
    }
    this.store = store;
    this.name = name;
    this.trustRecords = trustRecords;
    this.trustStats = trustStats;
    this.changes = changes;
    this.listener = listener;
  }

  @Override
  public ImportedNode unchanged(String path, TreeAdder.Stat stat) throws IOException {
    walkedFiles++;
    walkedBytes += stat.kind() == TreeAdder.Kind.FILE ? stat.size() : 0;
    listener.walked(path);
    if (trustStats) {
      Loaded parent = load(parent(path));
      TreeAdder.Entry old = parent.record() == null ? null : parent.record().entry(baseName(path));
      if (old != null && old.stat().equals(stat)) {
        return old.node();
      }
    }
    filesRead++;
    listener.reading(path);
    return null;
  }

  /** Files and symlinks in the tree now. */
  long files() {
    return baseFiles + walkedFiles;
  }

  /** Bytes of file content in the tree now. */
  long bytes() {
    return baseBytes + walkedBytes;
  }

  @Override
  public TreeAdder.Listing listing(String path, TreeAdder.Stat stat) throws IOException {
    if (!watch.changes() || watch.mustList(path) || !watch.watched(path)) {
      watch.listing(path);
      return TreeAdder.Listing.LIST;
    }
    DirRecord rec = load(path).record();
    if (rec == null) {
      watch.listing(path);
      return TreeAdder.Listing.LIST;
    }
    if (!watch.changedBelow(path) && rec.self().stat().equals(stat)) {
      loaded.remove(path);
      return TreeAdder.Listing.unchanged(rec.self().node());
    }
    return TreeAdder.Listing.recorded(rec.entries());
  }

  @Override
  public ImportedNode directory(String path, TreeAdder.Stat stat, List<TreeAdder.Entry> entries,
      TreeAdder.DirectoryBuild build) throws IOException {
    listener.walked(path);
    Loaded old = load(path);
    loaded.remove(path);
    if (watch.changes() && old.record() != null) {
      subtractFiles(old.record());
    }
    ImportedNode node;
    if (old.record() != null && old.record().sameNode(stat.meta(), entries)) {
      node = old.record().self().node();
    } else {
      node = build.build();
      dirsBuilt++;
    }
    TreeAdder.Entry self = new TreeAdder.Entry("", stat, node);
    DirRecord now = old.record();
    if (now == null || !now.self().equals(self) || !now.entries().equals(entries)) {
      now = new DirRecord(self, entries);
      changes.putMeta(SyncKeys.dir(name, path), now.encode());
    }
    if (seen != null) {
      DirRecord replaced = seen.put(path, now);
      seenEntries += 1 + entries.size() - (replaced == null ? 0 : 1 + replaced.entries().size());
      if (seenEntries > keepUpTo) {
        seen = null; // too large to cache: the next sync reads the store
      }
    }
    if (old.record() != null) {
      forgetGoneDirectories(path, old.record(), entries);
    }
    return node;
  }

  /** Deletes the records of sub-directories that are no longer directories here, and all below them. */
  private void forgetGoneDirectories(String path, DirRecord old, List<TreeAdder.Entry> entries) throws IOException {
    Set<String> dirsNow = new HashSet<>();
    for (TreeAdder.Entry e : entries) {
      if (e.stat().kind() == TreeAdder.Kind.DIRECTORY) {
        dirsNow.add(e.name());
      }
    }
    for (TreeAdder.Entry e : old.entries()) {
      if (e.stat().kind() == TreeAdder.Kind.DIRECTORY && !dirsNow.contains(e.name())) {
        String gone = path.isEmpty() ? e.name() : path + "/" + e.name();
        if (watch.changes()) {
          forgetRecorded(gone);
        }
        changes.deleteMeta(SyncKeys.dir(name, gone));
        store.forEachMeta(SyncKeys.below(name, gone), (k, v) -> changes.deleteMeta(k));
      }
    }
  }

  /**
   * When only changed directories are visited: takes a gone directory's recorded files out of
   * the totals and its records out of the cached ones, following its records down.
   */
  private void forgetRecorded(String gone) throws IOException {
    DirRecord rec = load(gone).record();
    loaded.remove(gone);
    if (rec == null) {
      return;
    }
    subtractFiles(rec);
    for (TreeAdder.Entry e : rec.entries()) {
      if (e.stat().kind() == TreeAdder.Kind.DIRECTORY) {
        forgetRecorded(gone + "/" + e.name());
      }
    }
    if (seen != null && seen.remove(gone) != null) {
      seenEntries -= 1 + rec.entries().size();
    }
  }

  private void subtractFiles(DirRecord rec) {
    for (TreeAdder.Entry e : rec.entries()) {
      if (e.stat().kind() != TreeAdder.Kind.DIRECTORY) {
        baseFiles--;
        baseBytes -= e.stat().kind() == TreeAdder.Kind.FILE ? e.stat().size() : 0;
      }
    }
  }

  private Loaded load(String path) throws IOException {
    if (cached != null) {
      return new Loaded(cached.get(path));
    }
    Loaded l = loaded.get(path);
    if (l == null) {
      l = new Loaded(null);
      if (trustRecords) {
        byte[] b = store.meta(SyncKeys.dir(name, path)).orElse(null);
        if (b != null) {
          l = new Loaded(DirRecord.decode("sync record of '" + name + "' directory '" + path + "'", b));
        }
      }
      loaded.put(path, l);
    }
    return l;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
