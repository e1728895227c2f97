package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Multicodec;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.RocksStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pins of held blocks written together into a real RocksDB store. */
@Timeout(20)
class PinWritesTest {
  @TempDir Path dir;

  @Test
  void concurrentPinsAreAllDurableAndAPinWithoutItsBlockIsRefused() throws Exception {
    try (RocksStore store = RocksStore.open(dir.resolve("store"))) {
      PinWrites writes = new PinWrites(store);
      List<Block> blocks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Block b = Block.create(1, Multicodec.RAW, ("block " + i).getBytes(StandardCharsets.UTF_8));
        store.put(b);
        blocks.add(b);
      }
      Block missing = Block.create(1, Multicodec.RAW, "never stored".getBytes(StandardCharsets.UTF_8));
      try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> all = new ArrayList<>();
        for (Block b : blocks) {
          all.add(callers.submit(() -> {
            writes.put(new Pin(b.cid(), PinMode.RECURSIVE, "cluster:" + b.cid()));
            return null;
          }));
        }
        IOException refused = assertThrows(IOException.class,
            () -> writes.put(new Pin(missing.cid(), PinMode.DIRECT, "cluster:x")));
        assertTrue(refused.getMessage().contains("is no longer held here"), refused.getMessage());
        for (Future<?> f : all) {
          f.get();
        }
      }
      for (Block b : blocks) {
        assertEquals(new Pin(b.cid(), PinMode.RECURSIVE, "cluster:" + b.cid()), store.pin(b.cid()).orElseThrow());
      }
      assertTrue(store.pin(missing.cid()).isEmpty());
    }
  }
}
