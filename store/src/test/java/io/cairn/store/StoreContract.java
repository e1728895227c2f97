package io.cairn.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Store} must have; one subclass per implementation. */
abstract class StoreContract {
  Store store;

  abstract Store newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  static Block raw(String s) {
    return Block.create(1, Multicodec.RAW, s.getBytes());
  }

  static Block node(List<Block> children) {
    List<PbLink> links = new ArrayList<>();
    for (Block c : children) {
      links.add(PbLink.of(c.cid(), "", c.size()));
    }
    return Block.create(0, Multicodec.DAG_PB, DagPb.encode(PbNode.of(links, new byte[] {8, 1})));
  }

  @Test
  void putGetHasDelete() throws Exception {
    Block b = raw("hello");
    assertFalse(store.has(b.cid()));
    assertThrows(BlockNotFoundException.class, () -> store.get(b.cid()));
    store.put(b);
    assertTrue(store.has(b.cid()));
    assertArrayEquals(b.data(), store.get(b.cid()));
    assertEquals(5, store.blockSize(b.cid()).orElseThrow());
    assertTrue(store.delete(b.cid().multihash()));
    assertFalse(store.delete(b.cid().multihash()));
    assertFalse(store.has(b.cid()));
  }

  @Test
  void uncheckedReadsGiveTheSameBytesAndTheSameErrors() throws Exception {
    Block small = raw("small");
    byte[] bigData = new byte[50_000];
    new java.util.Random(5).nextBytes(bigData);
    Block big = Block.create(1, Multicodec.RAW, bigData);
    store.put(small);
    store.put(big);
    for (Block b : List.of(small, big)) {
      assertArrayEquals(b.data(), store.getUnchecked(b.cid()));
      assertArrayEquals(b.data(), store.reads(false).get(b.cid()));
      assertArrayEquals(b.data(), store.reads(true).get(b.cid()));
    }
    Cid id = Cid.v1(Multicodec.RAW, Multihash.identity(new byte[] {7}));
    assertArrayEquals(new byte[] {7}, store.getUnchecked(id));
    Cid absent = raw("absent").cid();
    assertThrows(BlockNotFoundException.class, () -> store.getUnchecked(absent));
    assertThrows(BlockNotFoundException.class, () -> store.reads(false).get(absent));
  }

  @Test
  void blocksAreKeyedByMultihash() throws Exception {
    Block b = Block.create(0, Multicodec.DAG_PB, new byte[] {0x0a, 0x02, 0x08, 0x01});
    store.put(b);
    Cid v1 = b.cid().toV1();
    assertArrayEquals(b.data(), store.get(v1));
  }

  @Test
  void identityCidsNeedNoStorage() throws Exception {
    Cid id = Cid.v1(Multicodec.RAW, Multihash.identity(new byte[] {1, 2}));
    assertTrue(store.has(id));
    assertArrayEquals(new byte[] {1, 2}, store.get(id));
    store.put(Block.of(id, new byte[] {1, 2}));
    List<Multihash> keys = new ArrayList<>();
    store.forEachKey(keys::add);
    assertTrue(keys.isEmpty());
  }

  @Test
  void batchCommitsBlocksWithPins() throws Exception {
    Block a = raw("a");
    Block root = node(List.of(a));
    try (Store.Batch batch = store.batch()) {
      batch.put(a);
      batch.put(root);
      batch.commit(List.of(new Pin(root.cid(), PinMode.RECURSIVE, "mine")));
      assertEquals(2, batch.blocks());
    }
    assertTrue(store.has(a.cid()) && store.has(root.cid()));
    Pin p = store.pin(root.cid()).orElseThrow();
    assertEquals(PinMode.RECURSIVE, p.mode());
    assertEquals("mine", p.name());
  }

  @Test
  void largeBatchesSpillBeforeCommit() throws Exception {
    List<Block> blocks = new ArrayList<>();
    try (Store.Batch batch = store.batch()) {
      for (int i = 0; i < 40; i++) {
        byte[] d = new byte[300_000];
        d[0] = (byte) i;
        Block b = Block.create(1, Multicodec.RAW, d);
        blocks.add(b);
        batch.put(b);
      }
      batch.commit(List.of());
    }
    for (Block b : blocks) {
      assertArrayEquals(b.data(), store.get(b.cid()));
    }
  }

  @Test
  void commitWritesPinsUnpinsAndMetadataTogether() throws Exception {
    Block a = raw("version one");
    Block b = raw("version two");
    try (Store.Batch batch = store.batch()) {
      batch.put(a);
      batch.commit(new Changes().pin(new Pin(a.cid(), PinMode.RECURSIVE, "v"))
          .putMeta("sync\0t\0".getBytes(), "one".getBytes()).putMeta("sync\0t\0a".getBytes(), "x".getBytes()));
    }
    try (Store.Batch batch = store.batch()) {
      batch.put(b);
      batch.commit(new Changes().unpin(a.cid()).pin(new Pin(b.cid(), PinMode.RECURSIVE, "v"))
          .putMeta("sync\0t\0".getBytes(), "two".getBytes()).deleteMeta("sync\0t\0a".getBytes())
          .putMeta("sync\0u\0".getBytes(), "other".getBytes()));
    }
    assertTrue(store.pin(a.cid()).isEmpty());
    assertEquals("v", store.pin(b.cid()).orElseThrow().name());
    assertArrayEquals("two".getBytes(), store.meta("sync\0t\0".getBytes()).orElseThrow());
    assertTrue(store.meta("sync\0t\0a".getBytes()).isEmpty());
    List<String> keys = new ArrayList<>();
    store.forEachMeta("sync\0t\0".getBytes(), (k, v) -> keys.add(new String(k)));
    assertEquals(List.of("sync\0t\0"), keys);
    keys.clear();
    store.forEachMeta("sync\0".getBytes(), (k, v) -> keys.add(new String(k) + "=" + new String(v)));
    assertEquals(List.of("sync\0t\0=two", "sync\0u\0=other"), keys);
  }

  @Test
  void anAbandonedBatchChangesNoMetadata() throws Exception {
    try (Store.Batch batch = store.batch()) {
      batch.put(raw("never committed"));
    }
    assertTrue(store.meta("k".getBytes()).isEmpty());
    List<byte[]> seen = new ArrayList<>();
    store.forEachMeta(new byte[0], (k, v) -> seen.add(k));
    assertTrue(seen.isEmpty());
  }

  @Test
  void pinsCanBeListedAndRemoved() throws Exception {
    Block a = raw("pinned");
    store.put(a);
    store.putPin(new Pin(a.cid(), PinMode.DIRECT, ""));
    assertEquals(List.of(new Pin(a.cid(), PinMode.DIRECT, "")), store.pins());
    store.putPin(new Pin(a.cid(), PinMode.RECURSIVE, "again"));
    assertEquals(PinMode.RECURSIVE, store.pin(a.cid()).orElseThrow().mode());
    assertTrue(store.removePin(a.cid()));
    assertFalse(store.removePin(a.cid()));
    assertTrue(store.pins().isEmpty());
  }

  @Test
  void gcKeepsWhatPinsReachAndRemovesTheRest() throws Exception {
    Block leaf1 = raw("leaf1");
    Block leaf2 = raw("leaf2");
    Block root = node(List.of(leaf1, leaf2));
    Block cborLeaf = raw("cbor-linked");
    Block cbor = Block.create(1, Multicodec.DAG_CBOR, DagCbor.encode(Map.of("x", List.of(cborLeaf.cid()))));
    Block direct = raw("direct");
    Block loose = raw("loose");
    for (Block b : List.of(leaf1, leaf2, root, cborLeaf, cbor, direct, loose)) {
      store.put(b);
    }
    store.putPin(new Pin(root.cid(), PinMode.RECURSIVE, ""));
    store.putPin(new Pin(cbor.cid(), PinMode.RECURSIVE, ""));
    store.putPin(new Pin(direct.cid(), PinMode.DIRECT, ""));
    GarbageCollector.Result r = GarbageCollector.collect(store);
    assertEquals(1, r.removedBlocks());
    assertEquals(List.of(loose.cid().multihash()), r.removed());
    for (Block b : List.of(leaf1, leaf2, root, cborLeaf, cbor, direct)) {
      assertTrue(store.has(b.cid()), b.toString());
    }
    assertFalse(store.has(loose.cid()));
    store.removePin(root.cid());
    assertEquals(3, GarbageCollector.collect(store).removedBlocks());
  }

  @Test
  void gcReportsIncompletePins() throws Exception {
    Block leaf = raw("absent");
    Block root = node(List.of(leaf));
    store.put(root);
    store.putPin(new Pin(root.cid(), PinMode.RECURSIVE, ""));
    GarbageCollector.Result r = GarbageCollector.collect(store);
    assertEquals(Set.of(leaf.cid()), r.missing());
    assertTrue(store.has(root.cid()));
  }

  @Test
  void gcWaitsForAnAddInProgress() throws Exception {
    Block a = raw("in-flight");
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean gcDone = new AtomicBoolean();
    Thread gc;
    try (Store.Batch batch = store.batch()) {
      batch.put(a);
      gc = new Thread(() -> {
        started.countDown();
        try {
          GarbageCollector.collect(store);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
        gcDone.set(true);
      });
      gc.start();
      assertTrue(started.await(5, TimeUnit.SECONDS));
      gc.join(300);
      assertFalse(gcDone.get(), "GC must wait while an add holds its batch");
      batch.commit(List.of(new Pin(a.cid(), PinMode.RECURSIVE, "")));
    }
    gc.join(10_000);
    assertTrue(gcDone.get());
    assertTrue(store.has(a.cid()), "the add's block survived GC");
  }

  @Test
  void dagWalkCountsAndFindsMissingBlocks() throws Exception {
    Block l1 = raw("x1");
    Block l2 = raw("x2");
    Block root = node(List.of(l1, l2, l1));
    store.put(root);
    store.put(l1);
    DagWalk.Result r = DagWalk.walk(store, root.cid(), new HashSet<>());
    assertEquals(2, r.blocks());
    assertEquals(Set.of(l2.cid()), r.missing());
  }
}
