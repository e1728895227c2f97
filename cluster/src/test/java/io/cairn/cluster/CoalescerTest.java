package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The callers' own group commit: while one caller handles a group the others queue, and leave
 * in the next groups (capped), each with its own result or failure. Real threads; the only
 * waits are on latches and on the queue's length.
 */
@Timeout(20)
class CoalescerTest {
  /** Squares each item; holds the first group until released; fails items below zero; leaves 13 open. */
  private static final class Squares implements Coalescer.Handler<Integer, Integer> {
    final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstHeld = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void handle(List<Coalescer.Member<Integer, Integer>> group) throws IOException {
      groups.add(group.stream().map(Coalescer.Member::item).toList());
      threads.add(Thread.currentThread().getName());
      if (groups.size() == 1) {
        firstHeld.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException("interrupted", e);
        }
      }
      for (Coalescer.Member<Integer, Integer> m : group) {
        if (m.item() == 13) {
          continue;
        }
        if (m.item() < 0) {
          m.fail(new IOException("negative: " + m.item()));
        } else {
          m.complete(m.item() * m.item());
        }
      }
    }
  }

  @Test
  void aLoneCallerIsHandledAtOnceOnItsOwnThread() throws IOException {
    Squares squares = new Squares();
    squares.release.countDown();
    Coalescer<Integer, Integer> c = new Coalescer<>(8, "squaring", squares);
    assertEquals(49, c.submit(7));
    assertEquals(List.of(List.of(7)), squares.groups);
    assertEquals(List.of(Thread.currentThread().getName()), squares.threads);
  }

  @Test
  void callersQueuedBehindAGroupLeaveInCappedGroupsEachWithItsOwnResult() throws Exception {
    Squares squares = new Squares();
    Coalescer<Integer, Integer> c = new Coalescer<>(4, "squaring", squares);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> first = callers.submit(() -> c.submit(1));
      squares.firstHeld.await();
      List<Future<Integer>> rest = new ArrayList<>();
      for (int i = 2; i <= 11; i++) {
        int item = i == 6 ? -6 : i;
        rest.add(callers.submit(() -> c.submit(item)));
      }
      while (c.queued() < 10) {
        Thread.onSpinWait(); // all ten wait behind the first group
      }
      squares.release.countDown();
      assertEquals(1, first.get());
      for (int i = 2; i <= 11; i++) {
        Future<Integer> f = rest.get(i - 2);
        if (i == 6) {
          ExecutionException e = assertThrows(ExecutionException.class, f::get);
          assertEquals("negative: -6", e.getCause().getMessage());
        } else {
          assertEquals(i * i, f.get());
        }
      }
    }
    // the first caller went alone, then the ten queued ones in groups of at most four, each once
    assertEquals(List.of(1, 4, 4, 2), squares.groups.stream().map(List::size).toList());
    assertEquals(List.of(-6, 2, 3, 4, 5, 7, 8, 9, 10, 11),
        squares.groups.stream().skip(1).flatMap(List::stream).sorted().toList());
  }

  @Test
  void aFailingHandlerFailsItsGroupAndAMemberLeftOpenFailsWithItsItemNamed() {
    Coalescer<Integer, Integer> failing = new Coalescer<>(8, "squaring", group -> {
      throw new IOException("disk full");
    });
    IOException e = assertThrows(IOException.class, () -> failing.submit(3));
    assertEquals("disk full", e.getMessage());

    Squares squares = new Squares();
    squares.release.countDown();
    Coalescer<Integer, Integer> c = new Coalescer<>(8, "squaring", squares);
    IOException open = assertThrows(IOException.class, () -> c.submit(13));
    assertTrue(open.getMessage().contains("squaring") && open.getMessage().contains("13"), open.getMessage());
  }

  @Test
  void maxGroupMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Coalescer<Integer, Integer>(0, "x", g -> {}));
  }
}
