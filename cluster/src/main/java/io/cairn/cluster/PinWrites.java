package io.cairn.cluster;

import io.cairn.store.Pin;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Group commit of node pins whose one block is already held (a direct pin, or a raw leaf):
 * callers that arrive while a write
 * is under way are written together in the next one (one synced store commit for many small
 * pins instead of one each). The first caller to find no write under way does the writing,
 * for itself and whoever queued meanwhile, until the queue is empty; every caller returns once
 * its own pin is durable.
 */
final class PinWrites {
  private record Waiting(Pin pin, CompletableFuture<Void> done) {}

  private final Store store;
  private final List<Waiting> queue = new ArrayList<>(); // guarded by this
  private boolean writing; // guarded by this

  PinWrites(Store store) {
    this.store = store;
  }

  /** Writes {@code pin} (with others waiting), durably. */
  void put(Pin pin) throws IOException {
    Waiting me = new Waiting(pin, new CompletableFuture<>());
    boolean writer;
    synchronized (this) {
      queue.add(me);
      writer = !writing;
      writing = true;
    }
    if (writer) {
      drain();
    }
    try {
      me.done().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io)
          : new IOException("writing the node's pin: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the node's pin", e);
    }
  }

  private void drain() {
    while (true) {
      List<Waiting> group;
      synchronized (this) {
        if (queue.isEmpty()) {
          writing = false;
          return;
        }
        group = new ArrayList<>(queue);
        queue.clear();
      }
      try (Store.Batch batch = store.batch()) { // holds off GC: the blocks checked here stay
        List<Waiting> held = new ArrayList<>(group.size());
        for (Waiting w : group) {
          if (store.has(w.pin().cid())) {
            held.add(w);
          } else {
            w.done().completeExceptionally(new IOException(w.pin().cid()
                + " is no longer held here (garbage-collected meanwhile); it will be fetched again"));
          }
        }
        batch.commit(held.stream().map(Waiting::pin).toList());
        held.forEach(w -> w.done().complete(null));
      } catch (IOException | RuntimeException e) {
        group.forEach(w -> w.done().completeExceptionally(e));
      }
    }
  }
}
