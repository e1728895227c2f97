package io.cairn.cluster;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coalescing itself, over a sender that records the batches it is given (the Raft path is
 * in {@link ClusterPeerTest}): while a batch is out, callers queue and leave together, each
 * getting its own result.
 */
@Timeout(20)
class GroupCommitTest {
  /** Answers each pin with a pin on "p1", refuses unpins, blocks the first batch until released. */
  private static final class Recorder implements GroupCommit.Sender {
    final List<List<ClusterRequest>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstSent = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<BatchResult> send(List<ClusterRequest> requests) throws ClusterException {
      batches.add(requests);
      if (batches.size() == 1) {
        firstSent.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new ClusterException("interrupted", false, e);
        }
      }
      List<BatchResult> out = new ArrayList<>();
      for (ClusterRequest r : requests) {
        out.add(switch (r) {
          case ClusterRequest.Pin p -> BatchResult.of(new ClusterPin(p.cid(), p.options(), List.of("p1"), 1, 1));
          case ClusterRequest.Unpin u -> BatchResult.refused(u.cid() + " is not pinned in the cluster");
          default -> BatchResult.DONE;
        });
      }
      return out;
    }
  }

  @Test
  void callersQueuedBehindABatchLeaveTogetherEachWithItsOwnResult() throws Exception {
    Recorder sender = new Recorder();
    GroupCommit group = new GroupCommit(sender, 256, 1, 10_000);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<BatchResult> first = callers.submit(() -> group.submit(new ClusterRequest.Pin(cid(0), PinOptions.recursive(1, 1))));
      sender.firstSent.await();
      List<Future<BatchResult>> rest = new ArrayList<>();
      for (int i = 1; i <= 40; i++) {
        ClusterRequest r = i % 4 == 0 ? new ClusterRequest.Unpin(cid(i)) : new ClusterRequest.Pin(cid(i), PinOptions.recursive(1, 1));
        rest.add(callers.submit(() -> group.submit(r)));
      }
      while (group.queued() < 40) {
        Thread.onSpinWait(); // all forty wait behind the first batch
      }
      sender.release.countDown();
      assertEquals(cid(0), first.get().pin().cid());
      for (int i = 1; i <= 40; i++) {
        BatchResult r = rest.get(i - 1).get();
        if (i % 4 == 0) {
          assertEquals(cid(i) + " is not pinned in the cluster", r.refusal());
          assertNull(r.pin());
        } else {
          assertEquals(cid(i), r.pin().cid());
        }
      }
    }
    assertEquals(2, sender.batches.size(), "the first alone, then the forty queued meanwhile as one");
    assertEquals(1, sender.batches.get(0).size());
    assertEquals(40, sender.batches.get(1).size());
  }

  @Test
  void aBatchHoldsAtMostMaxBatchRequests() throws Exception {
    Recorder sender = new Recorder();
    GroupCommit group = new GroupCommit(sender, 8, 1, 10_000);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<BatchResult>> all = new ArrayList<>();
      all.add(callers.submit(() -> group.submit(new ClusterRequest.Reallocate(cid(0)))));
      sender.firstSent.await();
      for (int i = 1; i <= 20; i++) {
        ClusterRequest r = new ClusterRequest.Reallocate(cid(i));
        all.add(callers.submit(() -> group.submit(r)));
      }
      while (group.queued() < 20) {
        Thread.onSpinWait();
      }
      sender.release.countDown();
      for (Future<BatchResult> f : all) {
        assertEquals(BatchResult.DONE, f.get());
      }
    }
    assertEquals(List.of(1, 8, 8, 4), sender.batches.stream().map(List::size).toList());
  }

  @Test
  void aFailedBatchFailsEachOfItsCallers() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    GroupCommit group = new GroupCommit(requests -> {
      sizes.add(requests.size());
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new ClusterException("no leader with a majority", false, null);
    }, 16, 1, 10_000);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<BatchResult>> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ClusterRequest r = new ClusterRequest.Unpin(cid(i));
        all.add(callers.submit(() -> group.submit(r)));
        while (sizes.isEmpty()) {
          Thread.onSpinWait(); // the first is out before the others come
        }
      }
      while (group.queued() < 2) {
        Thread.onSpinWait();
      }
      hold.countDown();
      for (Future<BatchResult> f : all) {
        Exception e = assertThrows(Exception.class, f::get);
        assertTrue(e.getCause() instanceof ClusterException ce && !ce.refused()
            && ce.getMessage().equals("no leader with a majority"), String.valueOf(e.getCause()));
      }
    }
    assertEquals(List.of(1, 2), sizes);
  }

  @Test
  void aRequestTimedOutBeforeItWasSentIsNeverSent() throws Exception {
    List<List<ClusterRequest>> sent = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch hold = new CountDownLatch(1);
    GroupCommit group = new GroupCommit(requests -> {
      sent.add(requests);
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return requests.stream().map(r -> BatchResult.DONE).toList();
    }, 16, 1, 300);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<BatchResult> first = callers.submit(() -> group.submit(new ClusterRequest.Unpin(cid(1))));
      while (sent.isEmpty()) {
        Thread.onSpinWait();
      }
      ClusterException late = assertThrows(ClusterException.class, () -> group.submit(new ClusterRequest.Unpin(cid(2))));
      assertTrue(late.getMessage().contains("(not sent)"), late.getMessage());
      assertFalse(late.refused());
      // the first is out and held: it can only end by its own 300 ms timeout (releasing the
      // sender first would race its timeout under load)
      assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(30, java.util.concurrent.TimeUnit.SECONDS));
      hold.countDown();
      assertEquals(0, group.queued());
    }
    assertEquals(List.of(List.of(new ClusterRequest.Unpin(cid(1)))), sent, "the timed-out request was not sent");
  }
}
