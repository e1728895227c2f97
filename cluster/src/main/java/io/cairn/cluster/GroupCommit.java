package io.cairn.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for one peer's writes: concurrent callers' requests are sent to the leader
 * together, as one batch (one log entry, one Raft round) instead of one entry each. A request
 * arriving while fewer than {@code maxInFlight} batches are out goes at once (alone if it is
 * alone: no waiting to fill a batch); the rest queue and leave together, up to {@code maxBatch}
 * per batch, as soon as a batch returns. Each caller still returns only when its own request
 * is committed and applied on the leader, with its own result or refusal.
 */
final class GroupCommit {
  /** Sends requests as one batch and returns one result per request, in order. */
  interface Sender {
    List<BatchResult> send(List<ClusterRequest> requests) throws ClusterException;
  }

  private record Waiting(ClusterRequest request, CompletableFuture<BatchResult> result) {}

  private final Sender sender;
  private final int maxBatch;
  private final int maxInFlight;
  private final long timeoutMillis;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>(); // guarded by this
  private int inFlight; // guarded by this

  GroupCommit(Sender sender, int maxBatch, int maxInFlight, long timeoutMillis) {
    if (maxBatch < 1 || maxBatch > ClusterWire.MAX_BATCH || maxInFlight < 1) {
      throw new IllegalArgumentException("maxBatch 1.." + ClusterWire.MAX_BATCH + " and maxInFlight ≥ 1");
    }
    this.sender = sender;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends {@code request} with whatever else is waiting and returns its result, or fails
   * within the timeout (a request that timed out before it was sent is never sent).
   */
  BatchResult submit(ClusterRequest request) throws ClusterException {
    Waiting w = new Waiting(request, new CompletableFuture<>());
    synchronized (this) {
      queue.add(w);
    }
    dispatch();
    try {
      return w.result().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      boolean unsent;
      synchronized (this) {
        unsent = queue.remove(w);
      }
      throw new ClusterException("could not commit within " + timeoutMillis + " ms" + (unsent ? " (not sent)" : "")
          + ": no leader with a majority reachable; check that most peers are up", false, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ClusterException ce) {
        throw new ClusterException(ce.getMessage(), ce.refused(), ce); // this caller's own stack
      }
      throw new ClusterException("the cluster did not commit the request: " + e.getCause(), false, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", false, e);
    }
  }

  /** Requests waiting to be sent. */
  synchronized int queued() {
    return queue.size();
  }

  /** Sends batches while some are waiting and fewer than {@code maxInFlight} are out. */
  private void dispatch() {
    while (true) {
      List<Waiting> batch;
      synchronized (this) {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        while (batch.size() < maxBatch && !queue.isEmpty()) {
          batch.add(queue.poll());
        }
        inFlight++;
      }
      send(batch);
    }
  }

  private void send(List<Waiting> batch) {
    Thread.ofVirtual().name("cluster-group-commit").start(() -> {
      try {
        List<BatchResult> results = sender.send(batch.stream().map(Waiting::request).toList());
        if (results.size() != batch.size()) {
          throw new ClusterException("the leader answered " + results.size() + " results for "
              + batch.size() + " requests", false, null);
        }
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result().complete(results.get(i));
        }
      } catch (ClusterException | RuntimeException e) {
        for (Waiting w : batch) {
          w.result().completeExceptionally(e);
        }
      } finally {
        synchronized (this) {
          inFlight--;
        }
        dispatch();
      }
    });
  }
}
