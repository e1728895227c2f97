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
