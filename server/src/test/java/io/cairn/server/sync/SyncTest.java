package io.cairn.server.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.server.node.ImportSettings;
import io.cairn.server.node.NodeException;
import io.cairn.store.Changes;
import io.cairn.store.DagWalk;
import io.cairn.store.GarbageCollector;
import io.cairn.store.RocksStore;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions, --keep, interrupted syncs, changed settings and damaged records, on the RocksDB store. */
class SyncTest {
  @TempDir
  Path tmp;
  Path tree;
  Store store;
  final Random random = new Random(42);
  final ImportOptions defaults = ImportOptions.defaults();

  @BeforeEach
  void open() throws IOException {
    tree = tmp.resolve("mirror");
    for (int i = 0; i < 8; i++) {
      Trees.write(tree.resolve("pool/p" + (i % 3) + "/f" + i), random, 1000 + 40_000 * i, 1_600_000_000L + i);
    }
    store = RocksStore.open(tmp.resolve("repo"));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  private SyncResult sync(int keep) throws IOException {
    return Sync.run(store, new SyncRequest(tree, null, defaults, false, keep, false), SyncListener.NONE);
  }

  private void edit(String path) throws IOException {
    Trees.write(tree.resolve(path), random, 5000, 1_700_000_000L + random.nextInt(1000));
  }

  private boolean complete(Cid root) throws IOException {
    return DagWalk.walk(store, root, new HashSet<>()).complete();
  }

  @Test
  void aSecondSyncOfAnUnchangedTreeReadsNothing() throws IOException {
    SyncResult first = sync(0);
    assertEquals("mirror", first.name());
    assertEquals(8, first.filesRead());
    assertTrue(first.changed());
    SyncResult again = sync(0);
    assertEquals(first.root(), again.root());
    assertFalse(again.changed());
    assertEquals(0, again.filesRead());
    assertEquals(0, again.dirsBuilt());
    assertEquals(8, again.unchanged());
    assertEquals(1, Sync.tree(store, "mirror").orElseThrow().versions().size());
  }

  @Test
  void keepUnpinsOlderVersionsAndIsRemembered() throws IOException {
    Cid v1 = sync(0).root();
    edit("pool/p0/new1");
    Cid v2 = sync(2).root();
    edit("pool/p1/new2");
    SyncResult third = sync(0); // keep 2 is remembered
    assertEquals(3, third.version());
    assertEquals(List.of(v1), third.unpinned());
    assertTrue(store.pin(v1).isEmpty());
    assertEquals("mirror", store.pin(v2).orElseThrow().name());
    TreeRecord t = Sync.tree(store, "mirror").orElseThrow();
    assertEquals(List.of(third.root(), v2), t.versions().stream().map(Version::root).toList());
    assertEquals(2, t.keep());
    GarbageCollector.collect(store);
    assertTrue(complete(v2));
    assertTrue(complete(third.root()));
  }

  @Test
  void anInterruptedSyncLeavesThePreviousVersionAndTheNextSyncCompletes() throws IOException {
    Cid v1 = sync(0).root();
    byte[] record = store.meta(SyncKeys.tree("mirror")).orElseThrow();
    edit("pool/p0/f0");
    edit("pool/p2/added");
    edit("pool/p1/f4");
    SyncListener failing = new SyncListener() {
      int reads;

      @Override
      public void reading(String path) throws IOException {
        if (++reads == 2) {
          throw new IOException("stopped midway");
        }
      }
    };
    SyncRequest request = new SyncRequest(tree, null, defaults, false, 0, false);
    assertThrows(IOException.class, () -> Sync.run(store, request, failing));
    assertArrayEquals(record, store.meta(SyncKeys.tree("mirror")).orElseThrow());
    assertEquals(List.of(v1), store.pins().stream().map(p -> p.cid()).toList());
    GarbageCollector.collect(store); // what the stopped sync wrote goes; the old version stays whole
    assertTrue(complete(v1));
    SyncResult next = Sync.run(store, request, SyncListener.NONE);
    assertEquals(Trees.fullAdd(tree, defaults, false), next.root());
    assertEquals(3, next.filesRead());
    assertTrue(complete(next.root()));
  }

  @Test
  void otherSettingsOrAnUnpinnedVersionMeanEverythingIsReadAgain() throws IOException {
    sync(0);
    ImportOptions v1 = new ImportSettings().cidVersion(1).toOptions();
    SyncResult other = Sync.run(store, new SyncRequest(tree, null, v1, false, 0, false), SyncListener.NONE);
    assertEquals(8, other.filesRead());
    assertEquals(Trees.fullAdd(tree, v1, false), other.root());
    try (Store.Batch b = store.batch()) {
      b.commit(new Changes().unpin(other.root()));
    }
    GarbageCollector.collect(store);
    SyncResult after = Sync.run(store, new SyncRequest(tree, null, v1, false, 0, false), SyncListener.NONE);
    assertEquals(8, after.filesRead());
    assertEquals(other.root(), after.root());
    assertTrue(complete(after.root()));
  }

  @Test
  void checksumReadsEveryFile() throws IOException {
    sync(0);
    SyncResult r = Sync.run(store, new SyncRequest(tree, null, defaults, false, 0, true), SyncListener.NONE);
    assertEquals(8, r.filesRead());
    assertFalse(r.changed());
  }

  @Test
  void aNameKeepsOneDirectory() throws IOException {
    sync(0);
    Path other = tmp.resolve("elsewhere/mirror");
    Trees.write(other.resolve("x"), random, 10, 1_600_000_000L);
    NodeException e = assertThrows(NodeException.class,
        () -> Sync.run(store, new SyncRequest(other, null, defaults, false, 0, false), SyncListener.NONE));
    assertTrue(e.getMessage().contains("--name") && e.getMessage().contains("--moved"), e.getMessage());
    SyncResult named = Sync.run(store, new SyncRequest(other, "mirror-2", defaults, false, 0, false), SyncListener.NONE);
    assertEquals(List.of("mirror", "mirror-2"), Sync.names(store));
    assertEquals(Trees.fullAdd(other, defaults, false), named.root());
  }

  @Test
  void aMovedTreeKeepsItsNameAndVersions() throws IOException {
    SyncResult first = sync(0);
    Path moved = tmp.resolve("srv/mirror");
    Files.createDirectories(moved.getParent());
    Files.move(tree, moved);
    Trees.write(moved.resolve("pool/p1/new"), random, 3000, 1_700_000_000L);
    SyncResult r = Sync.run(store, new SyncRequest(moved, "mirror", defaults, false, 0, false, true),
        SyncListener.NONE);
    assertEquals(Trees.fullAdd(moved, defaults, false), r.root());
    assertEquals(first.version() + 1, r.version());
    assertEquals(9, r.filesRead(), "a moved tree is read afresh: its records were of the old place");
    TreeRecord t = Sync.tree(store, "mirror").orElseThrow();
    assertEquals(moved.toString(), t.path());
    assertEquals(List.of(r.root(), first.root()), t.versions().stream().map(Version::root).toList()); // newest first
    // from now on the new place is the tree's: an unchanged sync reads nothing
    SyncResult again = Sync.run(store, new SyncRequest(moved, "mirror", defaults, false, 0, false), SyncListener.NONE);
    assertEquals(r.root(), again.root());
    assertEquals(0, again.filesRead());
  }

  @Test
  void aFileIsRefused() throws IOException {
    NodeException e = assertThrows(NodeException.class, () -> Sync.run(store,
        new SyncRequest(tree.resolve("pool/p0/f0"), null, defaults, false, 0, false), SyncListener.NONE));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  @Test
  void damagedRecordsAreTypedErrorsNamingTheRecord() throws IOException {
    sync(0);
    try (Store.Batch b = store.batch()) {
      b.commit(new Changes().putMeta(SyncKeys.dir("mirror", "pool"), new byte[] {(byte) 0x82, 0x01, 0x02}));
    }
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> sync(0));
    assertTrue(e.getMessage().contains("directory 'pool'"), e.getMessage());
    try (Store.Batch b = store.batch()) {
      b.commit(new Changes().putMeta(SyncKeys.tree("mirror"), new byte[] {(byte) 0xa0}));
    }
    MalformedDataException t = assertThrows(MalformedDataException.class, () -> Sync.tree(store, "mirror"));
    assertTrue(t.getMessage().contains("sync record of 'mirror'"), t.getMessage());
  }

  @Test
  void namesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new SyncRequest(tree, "a\0b", defaults, false, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new SyncRequest(tree, "x".repeat(256), defaults, false, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new SyncRequest(tree, "x", defaults, false, -2, false));
    assertEquals("mirror", new SyncRequest(tree.resolve("pool/.."), null, defaults, false, 0, false).name());
  }
}
