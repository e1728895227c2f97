package io.cairn.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.MalformedDataException;
import io.cairn.store.Changes;
import io.cairn.store.RocksStore;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's cache of decoded records: used while it is the store's truth, never after. */
class SyncCacheTest {
  @TempDir
  Path tmp;
  Path tree;
  Store store;
  final Random random = new Random(7);
  final ImportOptions defaults = ImportOptions.defaults();

  @BeforeEach
  void open() throws IOException {
    tree = tmp.resolve("mirror");
    for (int i = 0; i < 6; i++) {
      Trees.write(tree.resolve("pool/p" + (i % 2) + "/f" + i), random, 1000 + 3000 * i, 1_600_000_000L + i);
    }
    store = RocksStore.open(tmp.resolve("repo"));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  private SyncResult sync(SyncCache cache) throws IOException {
    return Sync.run(store, new SyncRequest(tree, null, defaults, false, 0, false), SyncListener.NONE, cache);
  }

  private void damageRecord(String path) throws IOException {
    try (Store.Batch b = store.batch()) {
      b.commit(new Changes().putMeta(SyncKeys.dir("mirror", path), new byte[] {(byte) 0x82, 0x01, 0x02}));
    }
  }

  @Test
  void aCachedSyncReadsNoRecordFromTheStore() throws IOException {
    SyncCache cache = new SyncCache();
    SyncResult first = sync(cache);
    assertEquals(4 + 1 + 2 + 6, cache.entries()); // 4 directories (self) with 1, 2, 3 and 3 entries
    damageRecord("pool/p0"); // not through a sync: the stamp stays, so only a store read would see it
    SyncResult again = sync(cache);
    assertEquals(first.root(), again.root());
    assertEquals(0, again.filesRead());
    assertEquals(Trees.fullAdd(tree, defaults, false), again.root());
  }

  @Test
  void aSyncByAnotherProcessMakesTheCacheStale() throws IOException {
    SyncCache daemon = new SyncCache();
    Path f = tree.resolve("pool/p0/f0");
    byte[] before = java.nio.file.Files.readAllBytes(f);
    sync(daemon);
    Trees.write(f, random, 777, 1_700_000_000L);
    assertEquals(1, sync(new SyncCache()).filesRead()); // another process: its own cache, a new stamp
    java.nio.file.Files.write(f, before); // back to the first bytes and mtime, as the daemon's cache remembers them
    java.nio.file.Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
    SyncResult r = sync(daemon);
    assertEquals(1, r.filesRead(), "the stored records (not the stale cache) say f0 changed");
    assertEquals(Trees.fullAdd(tree, defaults, false), r.root());
    assertEquals(0, sync(null).filesRead(), "the stored records were brought up to date");
  }

  @Test
  void aFailedSyncLeavesNothingCached() throws IOException {
    SyncCache cache = new SyncCache();
    sync(cache);
    Trees.write(tree.resolve("pool/p1/new"), random, 100, 1_700_000_000L);
    SyncListener failing = new SyncListener() {
      @Override
      public void reading(String path) throws IOException {
        throw new IOException("stopped");
      }
    };
    assertThrows(IOException.class,
        () -> Sync.run(store, new SyncRequest(tree, null, defaults, false, 0, false), failing, cache));
    assertEquals(0, cache.entries());
    damageRecord("pool");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> sync(cache));
    assertTrue(e.getMessage().contains("directory 'pool'"), e.getMessage());
  }

  @Test
  void aTreeLargerThanTheCacheIsNotCached() throws IOException {
    SyncCache cache = new SyncCache(5);
    sync(cache);
    assertEquals(0, cache.entries());
    assertEquals(0, sync(cache).filesRead());
  }
}
