package io.cairn.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.server.node.ImportSettings;
import io.cairn.store.RocksStore;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs through the daemon's watch: only changed directories are listed, the root is always a
 * fresh full add's, changes made while a sync walks reach the next one, and whatever breaks
 * trust falls back to a full walk.
 */
class TreeWatcherTest {
  @TempDir
  Path tmp;
  Path tree;
  Store store;
  SyncCache cache;
  TreeWatcher watcher;
  final Random random = new Random(11);
  /** Mode and mtime recorded, so chmod and touch change the root. */
  final ImportOptions options = new ImportSettings().preserveMode(true).preserveMtime(true).toOptions();

  @BeforeEach
  void open() throws IOException {
    tree = tmp.resolve("mirror");
    for (int i = 0; i < 9; i++) {
      Trees.write(tree.resolve("pool/p" + (i % 3) + "/f" + i), random, 500 + 700 * i, 1_600_000_000L + i);
    }
    Trees.write(tree.resolve("dists/Release"), random, 300, 1_600_000_100L);
    store = RocksStore.open(tmp.resolve("repo"));
    cache = new SyncCache();
    watcher = new TreeWatcher(tmp.resolve("repo/sync-watch"));
  }

  @AfterEach
  void close() throws IOException {
    watcher.close();
    store.close();
  }

  private SyncResult sync() throws IOException {
    return sync(SyncListener.NONE);
  }

  private SyncResult sync(SyncListener listener) throws IOException {
    SyncResult r = Sync.run(store, new SyncRequest(tree, null, options, false, 0, false), listener, cache, watcher);
    assertEquals(Trees.fullAdd(tree, options, false), r.root(), "sync root vs a fresh full add");
    return r;
  }

  private static void assertWatched(SyncResult r, long listed) {
    assertTrue(r.walk().startsWith("only where the daemon's watch saw changes"), r.walk());
    assertEquals(listed, r.dirsListed(), r.walk());
  }

  @Test
  void aSyncWithNothingChangedListsNoDirectory() throws IOException {
    SyncResult first = sync();
    assertTrue(first.walk().startsWith("full walk, watch started"), first.walk());
    assertEquals(6, first.dirsListed()); // root, pool, pool/p0..p2, dists
    assertEquals(6, watcher.watches("mirror"));
    SyncResult again = sync();
    assertWatched(again, 0);
    assertEquals(first.root(), again.root());
    assertEquals(10, again.files());
    assertEquals(first.bytes(), again.bytes());
    assertEquals(10, again.unchanged());
  }

  @Test
  void eachKindOfEditListsOnlyTheDirectoriesItTouched() throws IOException {
    SyncResult r = sync();
    long files = r.files();

    Trees.write(tree.resolve("pool/p1/f4"), random, 900, 1_700_000_000L); // modify
    r = sync();
    assertWatched(r, 1);
    assertEquals(1, r.filesRead());
    assertEquals(files, r.files());

    Files.setPosixFilePermissions(tree.resolve("pool/p0/f3"), PosixFilePermissions.fromString("rwxr-x---")); // chmod
    assertWatched(sync(), 1);
    Files.setLastModifiedTime(tree.resolve("pool/p2/f5"), FileTime.fromMillis(1_650_000_000_123L)); // touch
    assertWatched(sync(), 1);
    Files.setLastModifiedTime(tree.resolve("pool/p2"), FileTime.fromMillis(1_650_000_000_456L)); // touch a directory
    assertWatched(sync(), 1); // pool: p2's own stat is in pool's listing
    Files.setPosixFilePermissions(tree.resolve("dists"), PosixFilePermissions.fromString("rwxr-xr-x")); // chmod a dir
    assertWatched(sync(), 1);

    Files.move(tree.resolve("pool/p0/f0"), tree.resolve("pool/p1/f0-moved")); // rename across directories
    r = sync();
    assertWatched(r, 2);
    assertEquals(files, r.files());
    Files.delete(tree.resolve("pool/p1/f7"));
    r = sync();
    assertWatched(r, 1);
    assertEquals(files - 1, r.files());

    Trees.write(tree.resolve("pool/p3/deep/a"), random, 1200, 1_700_000_001L); // a new directory, with contents
    Trees.write(tree.resolve("pool/p3/b"), random, 1300, 1_700_000_002L);
    r = sync();
    assertWatched(r, 3); // pool, and pool/p3 and pool/p3/deep whole
    assertEquals(files + 1, r.files());
    Trees.write(tree.resolve("pool/p3/deep/c"), random, 10, 1_700_000_003L); // the new directory is watched now
    assertWatched(sync(), 1);

    Files.move(tree.resolve("pool/p3"), tree.resolve("pool/q3")); // a directory renamed
    r = sync();
    assertWatched(r, 3);
    Trees.write(tree.resolve("pool/q3/deep/d"), random, 20, 1_700_000_004L); // watched under its new name
    assertWatched(sync(), 1);
    Trees.delete(tree.resolve("pool/q3")); // a directory deleted
    r = sync();
    assertWatched(r, 1);
    assertEquals(files - 1, r.files());
    assertEquals(6, watcher.watches("mirror"), "the deleted directories' watches are gone");

    Files.delete(tree.resolve("pool/p2/f8")); // a file becomes a directory
    Trees.write(tree.resolve("pool/p2/f8/inside"), random, 40, 1_700_000_005L);
    assertWatched(sync(), 2);
    Files.writeString(tree.resolve("pool/p2/.partial"), "x"); // hidden: not in the tree, but p2's mtime changed
    assertWatched(sync(), 1);
    assertWatched(sync(), 0);
  }

  /** A sync that rewrites dists/Release (walked before pool) when the walk reaches {@code when}. */
  private SyncResult syncChangingReleaseAt(String when) throws IOException {
    SyncListener changer = new SyncListener() {
      @Override
      public void walked(String path) throws IOException {
        if (path.equals(when)) {
          Trees.write(tree.resolve("dists/Release"), random, 77, 1_700_000_010L + random.nextInt(1000));
        }
      }
    };
    SyncResult r = Sync.run(store, new SyncRequest(tree, null, options, false, 0, false), changer, cache, watcher);
    assertNotEquals(Trees.fullAdd(tree, options, false), r.root(), "the walk was past dists");
    return r;
  }

  @Test
  void aChangeMadeWhileTheSyncWalksIsSeenByTheNextSync() throws IOException {
    SyncResult first = syncChangingReleaseAt("pool/p0/f0"); // the full walk that starts the watch
    assertTrue(first.walk().startsWith("full walk"), first.walk());
    SyncResult next = sync();
    assertWatched(next, 1);
    assertEquals(1, next.filesRead());

    Trees.write(tree.resolve("pool/p1/f1"), random, 100, 1_700_000_000L);
    assertWatched(syncChangingReleaseAt("pool/p1/f1"), 1); // visits pool/p1 only
    next = sync();
    assertWatched(next, 1);
    assertEquals(1, next.filesRead());
  }

  @Test
  void anOverflowFallsBackToAFullWalkWithTheSameRoot() throws IOException {
    sync();
    Trees.write(tree.resolve("pool/p0/f0"), random, 123, 1_700_000_000L);
    WatchEvent<Object> overflow = new WatchEvent<>() {
      @Override
      public Kind<Object> kind() {
        return StandardWatchEventKinds.OVERFLOW;
      }

      @Override
      public int count() {
        return 1;
      }

      @Override
      public Object context() {
        return null;
      }
    };
    watcher.tree("mirror").deliver("pool", List.of(overflow));
    SyncResult full = sync();
    assertTrue(full.walk().contains("events were lost"), full.walk());
    assertEquals(6, full.dirsListed());
    assertEquals(1, full.filesRead());
    assertWatched(sync(), 0); // watched afresh
  }

  @Test
  void aSyncTheWatchDidNotFollowMeansAFullWalk() throws IOException {
    sync();
    Trees.write(tree.resolve("pool/p0/f0"), random, 123, 1_700_000_000L);
    Sync.run(store, new SyncRequest(tree, null, options, false, 0, false), SyncListener.NONE); // another process
    Trees.write(tree.resolve("pool/p0/f0"), random, 124, 1_700_000_001L);
    SyncResult r = sync();
    assertTrue(r.walk().contains("did not follow"), r.walk());
    assertEquals(6, r.dirsListed());
    r = Sync.run(store, new SyncRequest(tree, null, options, false, 0, true), SyncListener.NONE, cache, watcher);
    assertTrue(r.walk().contains("--checksum"), r.walk());
    assertWatched(sync(), 0);
  }

  @Test
  void aFailedSyncLeavesItsChangesForTheNext() throws IOException {
    sync();
    Trees.write(tree.resolve("pool/p0/f0"), random, 123, 1_700_000_000L);
    SyncListener failing = new SyncListener() {
      @Override
      public void reading(String path) throws IOException {
        throw new IOException("stopped");
      }
    };
    org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> Sync.run(store, new SyncRequest(tree, null, options, false, 0, false), failing, cache, watcher));
    SyncResult r = sync();
    assertWatched(r, 1);
    assertEquals(1, r.filesRead());
  }

  @Test
  void aTreeWithMoreDirectoriesThanTheCapIsNotWatched() throws IOException {
    watcher.close();
    watcher = new TreeWatcher(tmp.resolve("repo/sync-watch"), 3, 8);
    SyncResult first = sync();
    assertTrue(first.walk().startsWith("full walk"), first.walk());
    SyncResult second = sync();
    assertTrue(second.walk().contains("more than 3 directories"), second.walk());
    assertEquals(6, second.dirsListed());
    assertEquals(0, watcher.trees());
  }

  @Test
  void theLeastRecentlySyncedTreeIsDroppedBeyondTheCap() throws IOException {
    watcher.close();
    watcher = new TreeWatcher(tmp.resolve("repo/sync-watch"), 100, 1);
    Path other = tmp.resolve("other");
    Trees.write(other.resolve("x/y"), random, 10, 1_600_000_000L);
    sync();
    Sync.run(store, new SyncRequest(other, null, options, false, 0, false), SyncListener.NONE, cache, watcher);
    assertEquals(1, watcher.trees());
    assertEquals(0, watcher.watches("mirror"));
    SyncResult r = sync();
    assertTrue(r.walk().startsWith("full walk, watch started: the first sync"), r.walk());
    watcher.close();
    assertEquals(0, watcher.trees());
    assertFalse(Files.exists(tmp.resolve("repo/sync-watch")), "the barrier directory is removed");
  }
}
