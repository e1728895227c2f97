package io.cairn.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fresh {@link PinState}s over real RocksDB histories in a test's directory, closed together. */
final class TestStates implements AutoCloseable {
  private final Path dir;
  private final List<HistoryStore> open = new ArrayList<>();
  private int count;

  TestStates(Path dir) {
    this.dir = dir;
  }

  PinState fresh() throws IOException {
    return new PinState(store(dir.resolve("history-" + count++)));
  }

  HistoryStore store(Path at) throws IOException {
    HistoryStore h = HistoryStore.open(at);
    open.add(h);
    return h;
  }

  @Override
  public void close() throws IOException {
    for (HistoryStore h : open) {
      h.close();
    }
  }
}
