package io.cairn.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.codec.Block;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  Store newStore() throws Exception {
    return RocksStore.open(dir.resolve("db"));
  }

  @Test
  void damagedPackBytesFailCheckedReadsOnly() throws Exception {
    byte[] d = new byte[10_000];
    new java.util.Random(9).nextBytes(d);
    Block b = Block.create(1, io.cairn.codec.Multicodec.RAW, d);
    store.put(b);
    Path pack = dir.resolve("db/packs/000001.pack");
    try (var ch = java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.READ)) {
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      ch.read(one, 100);
      one.flip();
      one.put(0, (byte) (one.get(0) ^ 0xff));
      ch.write(one, 100);
    }
    org.junit.jupiter.api.Assertions.assertThrows(io.cairn.codec.BlockMismatchException.class,
        () -> store.get(b.cid()), "a checked read hashes and refuses damaged bytes");
    org.junit.jupiter.api.Assertions.assertThrows(io.cairn.codec.BlockMismatchException.class,
        () -> store.reads(true).get(b.cid()));
    byte[] damaged = store.getUnchecked(b.cid());
    assertEquals(d.length, damaged.length);
    assertEquals((byte) (d[100] ^ 0xff), damaged[100], "an unchecked read trusts the bytes (HashOnRead=false)");
    assertArrayEquals(damaged, store.reads(false).get(b.cid()));
  }

  @Test
  void gcCompactsPacksAndKeepsLiveBlocksReadable() throws Exception {
    java.util.List<Block> big = new java.util.ArrayList<>();
    try (Store.Batch batch = store.batch()) {
      for (int i = 0; i < 20; i++) {
        byte[] d = new byte[100_000];
        new java.util.Random(i).nextBytes(d);
        Block b = Block.create(1, io.cairn.codec.Multicodec.RAW, d);
        big.add(b);
        batch.put(b);
      }
      batch.commit(List.of(new Pin(big.get(3).cid(), PinMode.DIRECT, ""), new Pin(big.get(17).cid(), PinMode.DIRECT, "")));
    }
    RocksStore rocks = (RocksStore) store;
    long before = rocks.diskBytes();
    assertEquals(18, GarbageCollector.collect(store).removedBlocks());
    assertArrayEquals(big.get(3).data(), store.get(big.get(3).cid()));
    assertArrayEquals(big.get(17).data(), store.get(big.get(17).cid()));
    org.junit.jupiter.api.Assertions.assertTrue(rocks.diskBytes() < before / 2,
        "space is given back: " + rocks.diskBytes() + " of " + before);
    store.close();
    store = RocksStore.open(dir.resolve("db"));
    assertArrayEquals(big.get(17).data(), store.get(big.get(17).cid()));
  }

  @Test
  void readsRunningDuringCompactionFindMovedBlocks() throws Exception {
    List<Block> live = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> readers = new java.util.ArrayList<>();
    for (int t = 0; t < 3; t++) {
      readers.add(Thread.ofPlatform().start(() -> {
        try {
          while (!done.get()) {
            for (Block b : live) {
              assertArrayEquals(b.data(), store.get(b.cid()));
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    try {
      for (int round = 0; round < 40 && failure.get() == null; round++) {
        Block kept = null;
        try (Store.Batch batch = store.batch()) {
          for (int i = 0; i < 10; i++) {
            byte[] d = new byte[20_000];
            new java.util.Random(round * 100L + i).nextBytes(d);
            Block b = Block.create(1, io.cairn.codec.Multicodec.RAW, d);
            batch.put(b);
            kept = kept == null ? b : kept;
          }
          batch.commit(List.of(new Pin(kept.cid(), PinMode.DIRECT, "")));
        }
        live.add(kept);
        // every block kept so far moves to a new pack and its old pack is deleted, under the readers
        assertEquals(9, GarbageCollector.collect(store).removedBlocks());
      }
    } finally {
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
    if (failure.get() != null) {
      throw new AssertionError("a read during compaction failed", failure.get());
    }
    for (Block b : live) {
      assertArrayEquals(b.data(), store.get(b.cid()));
    }
  }

  @Test
  void aReadWhosePackIsCompactedAwayMidReadFindsTheBlockAgain() throws Exception {
    Block kept = null;
    try (Store.Batch batch = store.batch()) {
      for (int i = 0; i < 10; i++) {
        byte[] d = new byte[20_000];
        new java.util.Random(i).nextBytes(d);
        Block b = Block.create(1, io.cairn.codec.Multicodec.RAW, d);
        batch.put(b);
        kept = kept == null ? b : kept;
      }
      batch.commit(List.of(new Pin(kept.cid(), PinMode.DIRECT, "")));
    }
    assertArrayEquals(kept.data(), store.get(kept.cid())); // opens the pack's read channel
    RocksStore rocks = (RocksStore) store;
    rocks.afterIndexLookup = () -> {
      rocks.afterIndexLookup = () -> {};
      try {
        assertEquals(9, GarbageCollector.collect(store).removedBlocks()); // moves the block, deletes its pack
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    assertArrayEquals(kept.data(), store.get(kept.cid()));
  }

  @Test
  void addingTheSameBlocksAgainTakesNoSpace() throws Exception {
    byte[] d = new byte[200_000];
    new java.util.Random(9).nextBytes(d);
    Block b = Block.create(1, io.cairn.codec.Multicodec.RAW, d);
    store.put(b);
    long once = ((RocksStore) store).diskBytes();
    store.put(b);
    try (Store.Batch batch = store.batch()) {
      batch.put(b);
      batch.commit(List.of());
    }
    assertEquals(once, ((RocksStore) store).diskBytes());
    assertArrayEquals(d, store.get(b.cid()));
  }

  @Test
  void survivesReopening() throws Exception {
    Block b = raw("durable");
    try (Store.Batch batch = store.batch()) {
      batch.put(b);
      batch.commit(List.of(new Pin(b.cid(), PinMode.RECURSIVE, "kept")));
    }
    store.close();
    store = RocksStore.open(dir.resolve("db"));
    assertArrayEquals(b.data(), store.get(b.cid()));
    assertEquals("kept", store.pin(b.cid()).orElseThrow().name());
  }
}
