package io.cairn.server.sync;

import io.cairn.codec.Cid;
import io.cairn.server.node.NodeException;
import io.cairn.server.node.TreeAdder;
import io.cairn.store.Changes;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sync}: brings the stored copy of a directory tree up to date. It walks the tree as
 * {@code add -r} does ({@link TreeAdder}), reading only files whose size, mtime or recorded
 * metadata changed since the tree's previous sync and building only directories whose entries
 * changed, so the root is the one a full {@code add -r} with the same settings gives. The new
 * root is pinned under the tree's name, older versions beyond {@code keep} are unpinned, and the
 * records of what was seen are replaced — all in the one synced write that commits the blocks,
 * so a sync stopped at any point leaves the previous version and its records as they were.
 */
public final class Sync {
  /** Names being synced in this process: two syncs of one tree at once would race on its records. */
  private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();
  /** Stamps of committed records ({@link SyncCache}): random, so no two commits share one. */
  private static final SecureRandom STAMPS = new SecureRandom();

  private Sync() {}

  /**
   * Runs one sync into {@code store}.
   *
   * @throws NodeException when the directory is not one, the name tracks another directory, or
   *     a sync of the name is already running
   */
  public static SyncResult run(Store store, SyncRequest request, SyncListener listener) throws IOException {
    return run(store, request, listener, null);
  }

  /**
   * Runs one sync into {@code store}, taking the tree's records from {@code cache} when they are
   * still the stored ones and leaving the new ones there (null: no cache, as a one-off process).
   *
   * @throws NodeException as {@link #run(Store, SyncRequest, SyncListener)}
   */
  public static SyncResult run(Store store, SyncRequest request, SyncListener listener, SyncCache cache)
      throws IOException {
    return run(store, request, listener, cache, null);
  }

  /**
   * Runs one sync into {@code store} as above, visiting only the directories {@code watcher}
   * saw change since the tree's last sync through it when it can tell (null: walk everything,
   * as a one-off process does).
   *
   * @throws NodeException as {@link #run(Store, SyncRequest, SyncListener)}
   */
  public static SyncResult run(Store store, SyncRequest request, SyncListener listener, SyncCache cache,
      TreeWatcher watcher) throws IOException {
    Path dir = request.dir();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NodeException(dir + " is not a directory; sync takes a directory (use 'add' for a file)");
    }
    String name = request.name();
    if (!RUNNING.add(name)) {
      throw new NodeException("a sync of '" + name + "' is already running; wait for it to finish");
    }
    try {
      return runLocked(store, request, listener, cache, watcher);
    } finally {
      RUNNING.remove(name);
    }
  }

  private static SyncResult runLocked(Store store, SyncRequest request, SyncListener listener, SyncCache cache,
      TreeWatcher watcher) throws IOException {
    String name = request.name();
    Optional<TreeRecord> prev = tree(store, name);
    String options = request.options().toString();
    boolean moved = prev.isPresent() && !prev.get().path().equals(request.dir().toString());
    if (moved && !request.moved()) {
      throw new NodeException("the name '" + name + "' already keeps versions of " + prev.get().path()
          + "; give this tree its own name with --name, or, if that tree has moved here, sync with --moved");
    }
    // A moved tree is read afresh: its records describe files at the old place.
    boolean trusted = prev.isPresent() && !moved && prev.get().options().equals(options)
        && prev.get().hidden() == request.hidden() && isPinned(store, prev.get().latest().root(), name);
    Changes changes = new Changes();
    if (prev.isPresent() && !trusted) {
      // Made with other settings, or its version was unpinned: start over, dropping every record.
      store.forEachMeta(SyncKeys.below(name, ""), (k, v) -> changes.deleteMeta(k));
    }
    byte[] storedStamp = trusted ? store.meta(SyncKeys.stamp(name)).orElse(null) : null;
    SyncCache.Tree cached = cache == null ? null : cache.take(name, storedStamp);
    WatchSession watch = watcher == null ? WatchSession.NONE
        : watcher.begin(name, request.dir(), options + (request.hidden() ? " hidden" : ""), storedStamp,
            request.checksum());
    try {
      SyncResult result = walkAndCommit(store, request, listener, cache, prev, trusted, changes, cached, watch);
      watch = null;
      return result;
    } finally {
      if (watch != null) {
        watch.failed();
      }
    }
  }

  private static SyncResult walkAndCommit(Store store, SyncRequest request, SyncListener listener, SyncCache cache,
      Optional<TreeRecord> prev, boolean trusted, Changes changes, SyncCache.Tree cached, WatchSession watch)
      throws IOException {
    String name = request.name();
    String options = request.options().toString();
    SyncMemory memory = new SyncMemory(store, name, trusted, !request.checksum(), changes, listener, cached,
        cache == null ? 0 : cache.maxEntries(), watch, prev.map(TreeRecord::latest).orElse(null));
    byte[] stamp = new byte[16];
    STAMPS.nextBytes(stamp);
    changes.putMeta(SyncKeys.stamp(name), stamp);
    long[] bytesRead = {0};
    TreeAdder.Listener walk = new TreeAdder.Listener() {
      @Override
      public void added(String path, ImportedNode node) {}

      @Override
      public void bytesRead(long n) {
        bytesRead[0] += n;
        listener.bytesRead(n);
      }
    };
    try (Store.Batch batch = store.batch(); UnixfsImporter importer = new UnixfsImporter(request.options(), batch)) {
      TreeAdder adder = new TreeAdder(importer, request.hidden(), walk, memory, false);
      ImportedNode root = adder.add(request.dir(), "", true).node();
      List<Version> versions = new ArrayList<>(prev.map(TreeRecord::versions).orElse(List.of()));
      boolean changed = versions.isEmpty() || !versions.get(0).root().equals(root.cid());
      if (changed) {
        long number = versions.isEmpty() ? 1 : versions.get(0).number() + 1;
        versions.add(0, new Version(number, root.cid(), Instant.now().getEpochSecond(), memory.files(), memory.bytes()));
      } else {
        Version v = versions.get(0);
        versions.set(0, new Version(v.number(), v.root(), v.time(), memory.files(), memory.bytes()));
      }
      int keep = request.keep() != 0 ? request.keep() : prev.map(TreeRecord::keep).orElse(-1);
      List<Version> kept = keep < 0 || versions.size() <= keep ? versions : versions.subList(0, keep);
      List<Cid> unpinned = unpinDropped(store, name, versions, kept, changes);
      changes.pin(new Pin(root.cid(), PinMode.RECURSIVE, name));
      changes.putMeta(SyncKeys.tree(name),
          new TreeRecord(request.dir().toString(), options, request.hidden(), keep, kept).encode());
      batch.commit(changes);
      watch.committed(stamp);
      if (cache != null && memory.seen != null) {
        cache.put(name, stamp, memory.seen, memory.seenEntries);
      }
      SyncResult result = new SyncResult(name, root.cid(), versions.get(0).number(), changed, memory.filesRead,
          bytesRead[0], memory.files() - memory.filesRead, memory.dirsBuilt, memory.files(), memory.bytes(), unpinned,
          adder.dirsListed(), watch.describe());
      listener.committed(result);
      return result;
    }
  }

  /** Unpins the roots of dropped versions that no kept version shares and whose pin is this tree's. */
  private static List<Cid> unpinDropped(Store store, String name, List<Version> all, List<Version> kept,
      Changes changes) throws IOException {
    Set<Cid> keptRoots = new HashSet<>();
    kept.forEach(v -> keptRoots.add(v.root()));
    List<Cid> unpinned = new ArrayList<>();
    for (Version v : all.subList(kept.size(), all.size())) {
      if (!keptRoots.contains(v.root()) && !unpinned.contains(v.root()) && isPinned(store, v.root(), name)) {
        changes.unpin(v.root());
        unpinned.add(v.root());
      }
    }
    return unpinned;
  }

  private static boolean isPinned(Store store, Cid root, String name) throws IOException {
    Optional<Pin> pin = store.pin(root);
    return pin.isPresent() && pin.get().mode() == PinMode.RECURSIVE && pin.get().name().equals(name);
  }

  /** The record of the tree synced under {@code name}, if any. */
  public static Optional<TreeRecord> tree(Store store, String name) throws IOException {
    Optional<byte[]> b = store.meta(SyncKeys.tree(name));
    return b.isEmpty() ? Optional.empty() : Optional.of(TreeRecord.decode(name, b.get()));
  }

  /** Every synced tree's name, in name-byte order. */
  public static List<String> names(Store store) throws IOException {
    List<String> names = new ArrayList<>();
    store.forEachMeta(SyncKeys.ALL, (k, v) -> {
      String n = SyncKeys.treeName(k);
      if (n != null) {
        names.add(n);
      }
    });
    return names;
  }
}
