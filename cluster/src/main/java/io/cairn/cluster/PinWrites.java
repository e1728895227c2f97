package io.cairn.cluster;

import io.cairn.store.Pin;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit of node pins whose one block is already held (a direct pin, or a raw leaf):
 * callers that arrive while a write is under way are written together in the next one (one
 * synced store commit for many small pins instead of one each; a {@link Coalescer}). Every
 * caller returns once its own pin is durable.
 */
final class PinWrites {
  private final Store store;
  private final Coalescer<Pin, Void> writes;

  PinWrites(Store store) {
    this.store = store;
    this.writes = new Coalescer<>(Integer.MAX_VALUE, "writing the node's pin", this::write);
  }

  /** Writes {@code pin} (with others waiting), durably. */
  void put(Pin pin) throws IOException {
    writes.submit(pin);
  }

  private void write(List<Coalescer.Member<Pin, Void>> group) throws IOException {
    try (Store.Batch batch = store.batch()) { // holds off GC: the blocks checked here stay
      List<Coalescer.Member<Pin, Void>> held = new ArrayList<>(group.size());
      List<Pin> pins = new ArrayList<>(group.size());
      for (Coalescer.Member<Pin, Void> m : group) {
        if (store.has(m.item().cid())) {
          held.add(m);
          pins.add(m.item());
        } else {
          m.fail(new IOException(m.item().cid()
              + " is no longer held here (garbage-collected meanwhile); it will be fetched again"));
        }
      }
      batch.commit(pins);
      held.forEach(m -> m.complete(null));
    }
  }
}
