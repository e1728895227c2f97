package io.cairn.cluster;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Cid;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three real peers on loopback: replication, leader loss, joining from a snapshot, minority, audit. */
@Timeout(60)
class ClusterPeerTest {
  @TempDir Path dir;

  @Test
  void replicationTwoAllocatesExactlyTwoPeersSeenByAll() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      ClusterPeer leader = c.awaitLeader();
      List<ClusterEntry> seenOnP3 = Collections.synchronizedList(new ArrayList<>());
      c.peer("p3").addListener((index, entry, after) -> seenOnP3.add(entry)); // the tracker's seam
      ClusterPin pin = c.peer("p1").pin(cid(1), PinOptions.recursive(2, 2).withName("one"));
      assertEquals(2, pin.allocations().size());
      assertTrue(List.of("p1", "p2", "p3").containsAll(pin.allocations()));
      for (ClusterPeer p : c.peers()) {
        Optional<ClusterPin> seen = p.status(cid(1));
        assertEquals(Optional.of(pin), seen, "status on " + p.id() + " (leader " + leader.id() + ")");
      }
      assertEquals(List.of(new ClusterEntry.Pin(pin.createdAt(), cid(1), pin.options(), pin.allocations())),
          seenOnP3.stream().filter(e -> e instanceof ClusterEntry.Pin).toList());
      // -1 means every live peer; more pins spread by pinned count
      assertEquals(List.of("p1", "p2", "p3"), c.peer("p2").pin(cid(2), PinOptions.recursive(-1, -1)).allocations());
      List<String> third = c.peer("p3").pin(cid(3), PinOptions.recursive(1, 1)).allocations();
      assertFalse(pin.allocations().containsAll(third), "the least loaded peer takes the next single pin");
    }
  }

  @Test
  void concurrentBurstIsSpreadAsEvenlyAsOneByOne() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3);
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      List<Future<ClusterPin>> sent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        int n = i;
        sent.add(writers.submit(() -> c.peer("p" + (1 + n % 3)).pin(cid(n), PinOptions.recursive(1, 1))));
      }
      Map<String, Integer> perPeer = new TreeMap<>();
      for (Future<ClusterPin> f : sent) {
        perPeer.merge(f.get().allocations().getFirst(), 1, Integer::sum);
      }
      assertEquals(Map.of("p1", 10, "p2", 10, "p3", 10), perPeer);
    }
  }

  @Test
  void metricsTravelBetweenPeersAndExpireByTheReceiversClock() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.awaitLeader();
      for (String id : List.of("p1", "p2", "p3")) {
        assertEquals(2, c.peer(id).publishMetric(5 * MiniCluster.GIB, Map.of("region", id.equals("p3") ? "us" : "eu"),
            Duration.ofSeconds(30)));
      }
      for (String id : List.of("p1", "p2", "p3")) {
        List<PeerMetric> live = c.peer(id).metrics().live(c.clock.millis());
        assertEquals(List.of("p1", "p2", "p3"), live.stream().map(PeerMetric::peer).toList(), id);
        assertEquals(Map.of("region", "us"), live.get(2).tags());
        assertEquals(5 * MiniCluster.GIB, live.get(0).freeBytes());
      }
      assertEquals(List.of("p1", "p2", "p3"), c.peer("p1").pin(cid(1), PinOptions.recursive(3, 3)).allocations());
      c.stop("p3");
      c.clock.advance(31_000);
      assertEquals(1, c.peer("p1").publishMetric(MiniCluster.GIB, Map.of(), Duration.ofSeconds(30)));
      c.peer("p2").publishMetric(MiniCluster.GIB, Map.of(), Duration.ofSeconds(30));
      assertEquals(List.of("p1", "p2"), c.peer("p2").metrics().live(c.clock.millis()).stream().map(PeerMetric::peer).toList());
      ClusterException e = assertThrows(ClusterException.class, () -> c.peer("p1").pin(cid(2), PinOptions.recursive(3, 3)));
      assertTrue(e.refused());
      assertEquals(List.of("p1", "p2"), c.peer("p2").reallocate(cid(1)).orElseThrow().allocations());
    }
  }

  @Test
  void leaderRepairMovesPinsOffASilentPeerAndUnpinsExpiredOnes() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      for (int i = 0; i < 6; i++) {
        c.peer("p1").pin(cid(i), PinOptions.recursive(2, 2));
      }
      long onP3 = c.peer("p1").pins().stream().filter(p -> p.allocations().contains("p3")).count();
      assertTrue(onP3 > 0);
      ClusterPeer leader = c.awaitLeader();
      if (leader.id().equals("p3")) {
        c.stop("p3");
        leader = c.awaitLeader();
      } else {
        c.stop("p3");
      }
      c.clock.advance(61_000); // p3's last report has expired
      c.reportAll(List.of("p1", "p2"));
      for (ClusterPeer p : c.peers()) {
        if (p != leader) {
          assertEquals(0, p.repair(), "only the leader repairs");
        }
      }
      assertEquals(onP3, leader.repair());
      for (ClusterPin p : c.peer("p2").pins()) {
        assertEquals(List.of("p1", "p2"), p.allocations(), p.cid().toString());
      }
      assertEquals(0, leader.repair(), "nothing left to move");
      // an expiring pin is unpinned by the first repair after its time
      PinOptions expiring = new PinOptions("", PinMode.RECURSIVE, 1, 1, List.of(), c.clock.millis() + 5_000,
          new TreeMap<>(), 0);
      leader.pin(cid(100), expiring);
      assertEquals(0, leader.repair());
      c.clock.advance(5_000);
      c.reportAll(List.of("p1", "p2"));
      assertEquals(1, leader.repair());
      assertEquals(HistoryEvent.Kind.UNPINNED, c.peer("p2").history(cid(100)).getLast().kind());
      assertTrue(c.peer("p1").history(cid(0)).size() <= 2);
    }
  }

  @Test
  void livenessRoundsReportFreeSpaceAndTheLeaderRepairs() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      ClusterPeer leader = c.awaitLeader();
      Map<String, Liveness> rounds = new TreeMap<>();
      try {
        for (ClusterPeer p : c.peers()) {
          // an hour between timer rounds: the test runs each round itself
          rounds.put(p.id(), Liveness.start(p, Liveness.freeSpace(dir), Map.of(), Duration.ofHours(1)));
        }
        for (Liveness l : rounds.values()) {
          l.round();
        }
        List<PeerMetric> live = leader.metrics().live(c.clock.millis());
        assertEquals(3, live.size());
        assertTrue(live.stream().allMatch(m -> m.freeBytes() > 0), "free space of the temp dir's file system");
        assertEquals(3, leader.pin(cid(5), PinOptions.recursive(3, 3)).allocations().size());

        String silent = rounds.keySet().stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
        String other = rounds.keySet().stream().filter(id -> !id.equals(leader.id()) && !id.equals(silent))
            .findFirst().orElseThrow();
        c.stop(silent);
        rounds.remove(silent).close();
        c.clock.advance(Duration.ofHours(2).toMillis() + 1); // every report has expired
        assertEquals(0, rounds.get(other).round(), "a follower only reports");
        assertEquals(1, rounds.get(leader.id()).round(), "the leader moves the pin off the silent peer");
        assertEquals(List.of(leader.id(), other).stream().sorted().toList(),
            leader.status(cid(5)).orElseThrow().allocations());
      } finally {
        rounds.values().forEach(Liveness::close);
      }
    }
  }

  @Test
  void aBatchIsOneLogEntryAndEachRequestGetsItsOwnResult() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2"));
      c.awaitLeader();
      ClusterPeer p3 = c.peer("p3");
      p3.pin(cid(1), PinOptions.recursive(1, 1));
      List<BatchResult> results = p3.sendBatch(List.of(
          new ClusterRequest.Pin(cid(2), PinOptions.recursive(2, 2)),
          new ClusterRequest.Unpin(cid(9)), // never pinned: refused, the rest go on
          new ClusterRequest.Pin(cid(3), PinOptions.recursive(3, 3)), // two live peers: refused
          new ClusterRequest.Unpin(cid(1)),
          new ClusterRequest.Reallocate(cid(2)))); // sees the pin two requests before it
      assertEquals(List.of("p1", "p2"), results.get(0).pin().allocations());
      assertEquals(cid(9) + " is not pinned in the cluster", results.get(1).refusal());
      assertTrue(results.get(2).refusal().startsWith("replication-min 3"), results.get(2).refusal());
      assertEquals(BatchResult.DONE, results.get(3));
      assertEquals(List.of("p1", "p2"), results.get(4).pin().allocations());
      List<BatchResult> none = p3.sendBatch(List.of(new ClusterRequest.Unpin(cid(8)),
          new ClusterRequest.Pin(cid(4), PinOptions.recursive(3, 3)))); // all refused: nothing logged
      assertEquals(cid(8) + " is not pinned in the cluster", none.get(0).refusal());
      assertTrue(none.get(1).refusal().startsWith("replication-min 3"), none.get(1).refusal());
      for (ClusterPeer p : c.peers()) {
        assertEquals(List.of(cid(2)), p.pins().stream().map(ClusterPin::cid).toList(), p.id());
        assertEquals(List.of(HistoryEvent.Kind.PINNED, HistoryEvent.Kind.UNPINNED),
            p.history(cid(1)).stream().map(HistoryEvent::kind).toList());
        assertEquals(p.history(cid(2)).getFirst().index(), p.history(cid(1)).getLast().index(),
            "the pin of one and the unpin of the other are one log entry");
      }
    }
  }

  @Test
  void refusedWhenTooFewLivePeersAndUnpinOfUnknown() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2"));
      c.awaitLeader();
      ClusterException e = assertThrows(ClusterException.class,
          () -> c.peer("p1").pin(cid(1), PinOptions.recursive(3, 3)));
      assertTrue(e.refused());
      assertTrue(e.getMessage().startsWith("replication-min 3"), e.getMessage()); // the reason, not Ratis' wrapping
      ClusterException u = assertThrows(ClusterException.class, () -> c.peer("p2").unpin(cid(9)));
      assertTrue(u.refused());
      assertTrue(u.getMessage().endsWith("is not pinned in the cluster"), u.getMessage());
      assertEquals(List.of(), c.peer("p3").pins());
    }
  }

  @Test
  void everyAcknowledgedPinSurvivesTheLeaderStopping() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      ClusterPeer leader = c.awaitLeader();
      ClusterPeer writer = c.peers().stream().filter(p -> p != leader).findFirst().orElseThrow();
      List<Cid> acknowledged = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger failed = new AtomicInteger();
      for (int i = 0; i < 200; i++) {
        if (i == 60) {
          c.stop(leader.id());
        }
        try {
          writer.pin(cid(i), PinOptions.recursive(2, 2));
          acknowledged.add(cid(i));
        } catch (ClusterException e) {
          failed.incrementAndGet();
        }
      }
      ClusterPeer newLeader = c.awaitLeader();
      assertFalse(newLeader.id().equals(leader.id()));
      assertTrue(acknowledged.size() >= 150, "acknowledged " + acknowledged.size() + ", failed " + failed);
      for (ClusterPeer p : c.peers()) {
        List<Cid> held = p.pins().stream().map(ClusterPin::cid).toList();
        assertTrue(held.containsAll(acknowledged), p.id() + " lacks acknowledged pins");
      }
    }
  }

  @Test
  void newPeerCatchesUpFromSnapshotAfterPurge() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).log(100_000, 16 << 10).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      ClusterPeer p1 = c.peer("p1");
      for (int i = 0; i < 150; i++) {
        p1.pin(cid(i), PinOptions.recursive(2, 2));
      }
      p1.recordSelf(); // a membership event before the snapshot: it must travel in it
      for (int i = 0; i < 10; i++) { // longer stories for some: pinned, unpinned, pinned again
        p1.unpin(cid(i));
        if (i % 2 == 0) {
          p1.pin(cid(i), PinOptions.recursive(1, 1));
        }
      }
      for (ClusterPeer p : c.peers()) {
        assertTrue(p.snapshot() > 100); // each peer snapshots and purges its closed log segments
      }
      ClusterPeer p4 = c.startJoiner("p4");
      assertThrows(ClusterException.class, () -> p1.addPeer(p4.record(), "wrong"));
      p1.addPeer(p4.record(), MiniCluster.SECRET);
      assertTrue(p4.hasSnapshot(), "p4 was brought up to date by a snapshot install");
      assertEquals(p1.pins(), p4.pins());
      // the whole audit history came with the snapshot (and the log after it)
      assertEquals(histories(p1, 150), histories(p4, 150));
      assertEquals(List.of(HistoryEvent.Kind.PINNED, HistoryEvent.Kind.UNPINNED, HistoryEvent.Kind.PINNED),
          p4.history(cid(4)).stream().map(HistoryEvent::kind).toList());
      Instant now = Instant.ofEpochMilli(c.clock.millis());
      assertEquals(p1.stateAt(now), p4.stateAt(now));
      assertEquals(145, p4.stateAt(now).size());
      assertEquals(p1.memberHistory(), p4.memberHistory());
      assertEquals(List.of(p1.record(), p4.record()), p4.memberHistory().stream().map(MemberEvent::peer).toList());
      assertEquals(List.of("p1", "p2", "p3", "p4"), p4.members());
      assertTrue(p4.peerRecords().stream().anyMatch(r -> r.id().equals("p4")));
      // and it takes part: a pin after the join reaches it
      c.reportAll(List.of("p1", "p2", "p3", "p4"));
      ClusterPin after = p4.pin(cid(1000), PinOptions.recursive(-1, -1));
      assertEquals(List.of("p1", "p2", "p3", "p4"), after.allocations());
    }
  }

  @Test
  void peersJoiningThroughOnePeerAtOnceAreBothAdded() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.awaitLeader();
      ClusterPeer p1 = c.peer("p1");
      ClusterPeer p4 = c.startJoiner("p4");
      ClusterPeer p5 = c.startJoiner("p5");
      try (ExecutorService joins = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<?> first = joins.submit(() -> {
          p1.addPeer(p4.record(), MiniCluster.SECRET);
          return null;
        });
        Future<?> second = joins.submit(() -> {
          p1.addPeer(p5.record(), MiniCluster.SECRET);
          return null;
        });
        first.get(); // neither refused because the other's configuration change was under way
        second.get();
      }
      assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), p1.members());
      // the joiners' address records (the first members have none in a mini-cluster), seen on p5
      assertEquals(List.of("p4", "p5"), p5.peerRecords().stream().map(PeerRecord::id).toList());
    }
  }

  @Test
  void restartedPeerLoadsItsSnapshotAndLog() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      for (int i = 0; i < 20; i++) {
        c.peer("p1").pin(cid(i), PinOptions.recursive(1, 2));
      }
      c.peer("p2").snapshot();
      c.peer("p1").unpin(cid(3));
      List<ClusterPin> before = c.peer("p1").pins();
      Map<Cid, List<HistoryEvent>> history = histories(c.peer("p1"), 20);
      c.stop("p2");
      ClusterPeer again = ClusterPeer.start(c.config("p2"), List.of());
      try {
        assertEquals(before, again.pins());
        assertEquals(history, histories(again, 20));
        assertEquals(HistoryEvent.Kind.UNPINNED, again.history(cid(3)).getLast().kind());
      } finally {
        again.close();
      }
    }
  }

  /** Each of cid(0)..cid(n-1)'s history as {@code p} reads it. */
  private static Map<Cid, List<HistoryEvent>> histories(ClusterPeer p, int n) throws Exception {
    Map<Cid, List<HistoryEvent>> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(cid(i), p.history(cid(i)));
    }
    return out;
  }

  /**
   * A peer killed after applying entries past its last snapshot (its history written, not
   * synced) comes back with exactly the history of the applied log: once with the files as a
   * killed process leaves them, once with the history as the snapshot synced it (what a power
   * loss may leave: the entries after the snapshot are applied again from the Raft log).
   */
  @Test
  void crashBetweenApplyAndSnapshotGivesTheSameHistory() throws Exception {
    // one peer (its own majority): a restart is back at once, no election waits on the others
    try (MiniCluster c = new MiniCluster(dir).start(1)) {
      ClusterPeer p1 = c.awaitLeader();
      p1.publishMetric(MiniCluster.GIB, Map.of(), Duration.ofSeconds(60));
      for (int i = 0; i < 10; i++) {
        p1.pin(cid(i), PinOptions.recursive(1, 1));
      }
      p1.snapshot();
      Path storage = c.config("p1").storageDir();
      Path historyAtSnapshot = dir.resolve("history-at-snapshot");
      HistoryStoreTest.copy(historyDir(storage), historyAtSnapshot);
      for (int i = 0; i < 10; i += 3) {
        p1.unpin(cid(i));
      }
      for (int i = 10; i < 15; i++) {
        p1.pin(cid(i), PinOptions.recursive(1, 1));
      }
      p1.pin(cid(1), PinOptions.recursive(1, 1).withName("updated"));
      Map<Cid, List<HistoryEvent>> expected = histories(p1, 15);
      SortedMap<Cid, List<String>> expectedNow = p1.stateAt(Instant.ofEpochMilli(c.clock.millis()));
      Path image = dir.resolve("killed");
      HistoryStoreTest.copy(storage, image); // as a SIGKILL leaves it: nothing closed, the history not synced
      c.stop("p1");

      restore(image, storage);
      assertRestartedWith(c, expected, expectedNow);

      restore(image, storage);
      Path history = historyDir(storage);
      deleteTree(history);
      HistoryStoreTest.copy(historyAtSnapshot, history);
      assertRestartedWith(c, expected, expectedNow);
    }
  }

  private void assertRestartedWith(MiniCluster c, Map<Cid, List<HistoryEvent>> expected,
      SortedMap<Cid, List<String>> expectedNow) throws Exception {
    try (ClusterPeer again = ClusterPeer.start(c.config("p1"), List.of())) {
      assertTrue(again.hasSnapshot());
      assertEquals(expected, histories(again, 15));
      assertEquals(expectedNow, again.stateAt(Instant.ofEpochMilli(c.clock.millis())));
    }
  }

  private static Path historyDir(Path storage) throws java.io.IOException {
    try (java.util.stream.Stream<Path> groups = java.nio.file.Files.list(storage)) {
      return groups.filter(java.nio.file.Files::isDirectory).findFirst().orElseThrow().resolve("history");
    }
  }

  private static void restore(Path image, Path to) throws java.io.IOException {
    deleteTree(to);
    HistoryStoreTest.copy(image, to);
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(p)) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
  }

  @Test
  void minorityCannotCommitAndFailsInBoundedTime() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).requestTimeout(Duration.ofSeconds(1)).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      c.peer("p3").pin(cid(1), PinOptions.recursive(1, 1));
      c.stop("p1");
      c.stop("p2");
      long start = System.nanoTime();
      ClusterException e = assertThrows(ClusterException.class,
          () -> c.peer("p3").pin(cid(2), PinOptions.recursive(1, 1)));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertFalse(e.refused());
      assertTrue(tookMs < 5_000, "failed after " + tookMs + " ms (timeout 1 s)");
      assertThrows(ClusterException.class, () -> c.peer("p3").status(cid(1)), "no linearizable read without a majority");
      assertEquals(List.of(cid(1)), c.peer("p3").pinsLocal().stream().map(ClusterPin::cid).toList());
    }
  }

  @Test
  void historyAndStateAtAcrossPinReallocationAndUnpin() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      ClusterPeer p1 = c.peer("p1");
      long t0 = c.clock.advance(1000);
      ClusterPin pinned = p1.pin(cid(7), PinOptions.recursive(2, 2));
      assertEquals(t0, pinned.createdAt());
      List<String> first = pinned.allocations();
      String gone = first.get(1);
      // that peer goes silent: its metric expires; the others report again
      long t1 = c.clock.advance(120_000);
      List<String> others = new ArrayList<>(List.of("p1", "p2", "p3"));
      others.remove(gone);
      c.reportAll(others);
      ClusterPin moved = p1.reallocate(cid(7)).orElseThrow();
      assertTrue(moved.allocations().contains(first.get(0)), "the live holder stays");
      assertFalse(moved.allocations().contains(gone));
      assertEquals(2, moved.allocations().size());
      long t2 = c.clock.advance(1000);
      p1.unpin(cid(7));

      List<HistoryEvent> h = c.peer("p3").history(cid(7));
      assertEquals(List.of(HistoryEvent.Kind.PINNED, HistoryEvent.Kind.REALLOCATED, HistoryEvent.Kind.UNPINNED),
          h.stream().map(HistoryEvent::kind).toList());
      assertEquals(List.of(t0, t1, t2), h.stream().map(HistoryEvent::time).toList());
      assertEquals(first, h.get(0).allocations());
      assertEquals(moved.allocations(), h.get(1).allocations());

      ClusterPeer p2 = c.peer("p2");
      assertEquals(Map.of(), p2.stateAt(Instant.ofEpochMilli(t0 - 1)));
      assertEquals(Map.of(cid(7), first), p2.stateAt(Instant.ofEpochMilli(t0)));
      assertEquals(Map.of(cid(7), first), p2.stateAt(Instant.ofEpochMilli(t1 - 1)));
      SortedMap<Cid, List<String>> afterMove = p2.stateAt(Instant.ofEpochMilli(t1 + 500));
      assertEquals(Map.of(cid(7), moved.allocations()), afterMove);
      assertEquals(Map.of(), p2.stateAt(Instant.ofEpochMilli(t2)));
      assertEquals(Optional.empty(), p2.status(cid(7)));
    }
  }
}
