package io.cairn.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Group commit done by the callers themselves, for work that costs per group rather than per
 * item (a synced store commit, a request to a peer): a caller that finds no group under way
 * handles the waiting items as one group, for itself and whoever queued meanwhile (at most
 * {@code maxGroup} per group), and goes on with the next group until nobody waits; callers
 * that arrive meanwhile just queue. No thread of its own and no waiting to fill a group: a lone
 * caller goes at once. Every caller returns with its own item's result or failure.
 *
 * <p>Used by {@link PinWrites} (pins of blocks already held, one commit per group) and
 * {@link PeerBlocks} (small pins' blocks asked of the other peers, one request per group).
 */
final class Coalescer<T, R> {
  /** Handles one group: completes or fails each member; a member it leaves open fails. */
  interface Handler<T, R> {
    void handle(List<Member<T, R>> group) throws IOException;
  }

  /** One caller's item and result. */
  static final class Member<T, R> {
    private final T item;
    private final CompletableFuture<R> result = new CompletableFuture<>();

    private Member(T item) {
      this.item = item;
    }

    T item() {
      return item;
    }

    /** Gives this caller its result; a no-op once completed or failed. */
    void complete(R value) {
      result.complete(value);
    }

    /** Fails this caller with {@code e}; a no-op once completed or failed. */
    void fail(Exception e) {
      result.completeExceptionally(e);
    }
  }

  private final int maxGroup;
  private final String what;
  private final Handler<T, R> handler;
  private final List<Member<T, R>> queue = new ArrayList<>(); // guarded by this
  private boolean handling; // guarded by this

  /** {@code what} names the work in failures ("writing the node's pin"). */
  Coalescer(int maxGroup, String what, Handler<T, R> handler) {
    if (maxGroup < 1) {
      throw new IllegalArgumentException("maxGroup < 1");
    }
    this.maxGroup = maxGroup;
    this.what = Objects.requireNonNull(what, "what");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** Handles {@code item} with whatever else is waiting and returns its result. */
  R submit(T item) throws IOException {
    Member<T, R> me = new Member<>(item);
    boolean first;
    synchronized (this) {
      queue.add(me);
      first = !handling;
      handling = true;
    }
    if (first) { // this caller handles the groups until nobody waits
      drain();
    }
    try {
      return me.result.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io) // this caller's stack
          : new IOException(what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    }
  }

  /** Items waiting for the next group. */
  synchronized int queued() {
    return queue.size();
  }

  private void drain() {
    while (true) {
      List<Member<T, R>> group;
      synchronized (this) {
        if (queue.isEmpty()) {
          handling = false;
          return;
        }
        List<Member<T, R>> head = queue.subList(0, Math.min(maxGroup, queue.size()));
        group = new ArrayList<>(head);
        head.clear();
      }
      try {
        handler.handle(group);
      } catch (IOException | RuntimeException e) {
        group.forEach(m -> m.fail(e));
      }
      for (Member<T, R> m : group) {
        if (!m.result.isDone()) {
          m.fail(new IllegalStateException(what + ": the group's handler gave no result for " + m.item));
        }
      }
    }
  }
}
