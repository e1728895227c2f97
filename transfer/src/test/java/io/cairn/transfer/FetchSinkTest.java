package io.cairn.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Multicodec;
import io.cairn.store.MemoryStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FetchSinkTest {
  private static Block leaf(long seed) {
    byte[] b = new byte[10_000];
    new Random(seed).nextBytes(b);
    return Block.create(1, Multicodec.RAW, b);
  }

  @Test
  void keptLeavesAreReadBeforeTheirCommit() throws Exception {
    MemoryStore store = new MemoryStore();
    Block b = leaf(1);
    try (FetchSink sink = new FetchSink(store, true)) {
      assertTrue(sink.put(b));
      assertTrue(sink.has(b.cid()));
      assertArrayEquals(b.data(), sink.read(b.cid()));
      assertFalse(store.has(b.cid()), "read from memory, not committed for it");
      sink.commit(List.of());
    }
    assertTrue(store.has(b.cid()));
  }

  @Test
  void aLeafNotKeptIsOnlyNotedAndReadFromTheStoreOnceCommitted() throws Exception {
    MemoryStore store = new MemoryStore();
    Block b = leaf(2);
    try (FetchSink sink = new FetchSink(store, false)) {
      assertTrue(sink.put(b));
      assertFalse(sink.put(b), "noted: a second arrival is a duplicate");
      assertTrue(sink.has(b.cid()));
      assertFalse(store.has(b.cid()));
      assertArrayEquals(b.data(), sink.read(b.cid()));
      assertTrue(store.has(b.cid()), "committed to be read");
      sink.commit(List.of());
    }
  }
}
