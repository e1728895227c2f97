package io.cairn.cluster;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinStateTest {
  private static final PinOptions TWO = PinOptions.recursive(2, 2);
  @TempDir Path dir;
  private TestStates states;

  @BeforeEach
  void open() throws Exception {
    states = new TestStates(dir);
  }

  @AfterEach
  void close() throws IOException {
    states.close();
  }

  @Test
  void pinUpdateReallocateUnpinAreKeptInHistory() throws Exception {
    PinState s = states.fresh();
    s.apply(1, new ClusterEntry.Pin(100, cid(1), TWO, List.of("a", "b")));
    s.apply(2, new ClusterEntry.Pin(110, cid(1), TWO, List.of("a", "b"))); // repeated: no change
    s.apply(3, new ClusterEntry.Pin(120, cid(1), TWO.withName("renamed"), List.of("a", "b")));
    s.apply(4, new ClusterEntry.Allocate(130, cid(1), List.of("a", "c")));
    s.apply(5, new ClusterEntry.Unpin(140, cid(1)));
    assertEquals(List.of(
            new HistoryEvent(1, 100, HistoryEvent.Kind.PINNED, List.of("a", "b")),
            new HistoryEvent(3, 120, HistoryEvent.Kind.UPDATED, List.of("a", "b")),
            new HistoryEvent(4, 130, HistoryEvent.Kind.REALLOCATED, List.of("a", "c")),
            new HistoryEvent(5, 140, HistoryEvent.Kind.UNPINNED, List.of())),
        s.history(cid(1)));
    assertEquals(Optional.empty(), s.get(cid(1)));
    assertEquals(Map.of(), s.allocatedCounts());
    assertEquals(Map.of(), s.stateAtMap(99));
    assertEquals(Map.of(cid(1), List.of("a", "b")), s.stateAtMap(129));
    assertEquals(Map.of(cid(1), List.of("a", "c")), s.stateAtMap(130));
    assertEquals(Map.of(), s.stateAtMap(140));
  }

  @Test
  void pinKeepsItsCreationTimeAndCountsFollowAllocations() throws Exception {
    PinState s = states.fresh();
    s.apply(1, new ClusterEntry.Pin(100, cid(1), TWO, List.of("a", "b")));
    s.apply(2, new ClusterEntry.Pin(105, cid(2), TWO, List.of("b", "c")));
    Optional<ClusterPin> moved = s.apply(3, new ClusterEntry.Allocate(200, cid(1), List.of("c", "d")));
    assertEquals(100, moved.orElseThrow().createdAt());
    assertEquals(200, moved.orElseThrow().updatedAt());
    assertEquals(Map.of("b", 1, "c", 2, "d", 1), s.allocatedCounts());
    // allocating or unpinning what is not pinned changes nothing
    assertEquals(Optional.empty(), s.apply(4, new ClusterEntry.Allocate(300, cid(9), List.of("a"))));
    s.apply(5, new ClusterEntry.Unpin(300, cid(9)));
    assertEquals(List.of(), s.history(cid(9)));
  }

  @Test
  void timeNeverGoesBackwardsAlongTheLog() throws Exception {
    PinState s = states.fresh();
    s.apply(1, new ClusterEntry.Pin(500, cid(1), TWO, List.of("a", "b")));
    // a new leader whose clock is behind stamps 400
    s.apply(2, new ClusterEntry.Pin(400, cid(2), TWO, List.of("a", "b")));
    assertEquals(500, s.history(cid(2)).getFirst().time());
    assertEquals(500, s.lastTime());
    assertEquals(2, s.stateAtMap(500).size());
  }

  @Test
  void peersAreRecordedAndRemoved() throws Exception {
    PinState s = states.fresh();
    PeerRecord a = new PeerRecord("a", "127.0.0.1:1", "");
    s.apply(1, new ClusterEntry.AddPeer(1, a));
    s.apply(2, new ClusterEntry.AddPeer(2, new PeerRecord("b", "127.0.0.1:2", "")));
    s.apply(3, new ClusterEntry.RemovePeer(3, "b"));
    s.apply(4, new ClusterEntry.RemovePeer(4, "z")); // never recorded: removed without addresses
    assertEquals(List.of(a), s.peers());
    assertEquals(List.of(
            new MemberEvent(1, 1, MemberEvent.Kind.ADDED, a),
            new MemberEvent(2, 2, MemberEvent.Kind.ADDED, new PeerRecord("b", "127.0.0.1:2", "")),
            new MemberEvent(3, 3, MemberEvent.Kind.REMOVED, new PeerRecord("b", "127.0.0.1:2", "")),
            new MemberEvent(4, 4, MemberEvent.Kind.REMOVED, new PeerRecord("z", "", ""))),
        s.memberHistory());
  }

  /** A batch's events of one CID keep their order; applying the same entry again changes nothing. */
  @Test
  void batchKeepsOrderAndReapplyingIsIdempotent() throws Exception {
    HistoryStore onDisk = states.store(dir.resolve("batch"));
    PinState s = new PinState(onDisk);
    ClusterEntry batch = new ClusterEntry.Batch(100, List.of(
        new ClusterEntry.Pin(100, cid(1), TWO, List.of("a", "b")),
        new ClusterEntry.Pin(100, cid(2), TWO, List.of("b", "c")),
        new ClusterEntry.Unpin(100, cid(1)),
        new ClusterEntry.Pin(100, cid(1), TWO, List.of("c", "d"))));
    List<Optional<ClusterPin>> after = s.applyEntry(7, batch);
    assertEquals(4, after.size());
    List<HistoryEvent> expected = List.of(
        new HistoryEvent(7, 100, HistoryEvent.Kind.PINNED, List.of("a", "b")),
        new HistoryEvent(7, 100, HistoryEvent.Kind.UNPINNED, List.of()),
        new HistoryEvent(7, 100, HistoryEvent.Kind.PINNED, List.of("c", "d")));
    assertEquals(expected, s.history(cid(1)));
    // after a crash the entries after the last snapshot are applied again, to a fresh pinset
    // but over the history on disk: the same keys, so the same history
    PinState again = new PinState(onDisk);
    again.applyEntry(7, batch);
    assertEquals(expected, again.history(cid(1)));
    assertEquals(Map.of(cid(1), List.of("c", "d"), cid(2), List.of("b", "c")), again.stateAtMap(100));
  }

  /** One CID's long history spans several snapshot records and comes back whole, in order. */
  @Test
  void longHistorySpansSnapshotRecords() throws Exception {
    PinState s = states.fresh();
    int n = HistoryStore.EVENTS_PER_RECORD + 100;
    for (int i = 1; i <= n; i++) {
      s.apply(i, new ClusterEntry.Pin(i, cid(1), TWO, i % 2 == 0 ? List.of("a", "b") : List.of("b", "c")));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.writeTo(new SnapshotFile.Writer(out));
    PinState restored = states.fresh();
    restored.replaceWith(new ByteArrayInputStream(out.toByteArray()), false, n);
    assertEquals(s.history(cid(1)), restored.history(cid(1)));
    assertEquals(n, restored.history(cid(1)).size());
    assertEquals(Map.of(cid(1), List.of("b", "c")), restored.stateAtMap(n - 1));
  }


  /** The same log gives the same state, and a snapshot of it restores it whole. */
  @Test
  void applyIsDeterministicAndSnapshotsRoundTrip() throws Exception {
    List<ClusterEntry> log = randomLog(new Random(7), 400);
    PinState one = states.fresh();
    PinState two = states.fresh();
    for (int i = 0; i < log.size(); i++) {
      one.apply(i + 1, log.get(i));
      two.apply(i + 1, log.get(i));
    }
    assertEquals(one.pins(), two.pins());
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    one.writeTo(new SnapshotFile.Writer(a));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    two.writeTo(new SnapshotFile.Writer(b));
    assertEquals(java.util.Arrays.toString(a.toByteArray()), java.util.Arrays.toString(b.toByteArray()));

    PinState restored = states.fresh();
    restored.replaceWith(new ByteArrayInputStream(a.toByteArray()), false, log.size());
    assertEquals(one.pins(), restored.pins());
    assertEquals(one.peers(), restored.peers());
    assertEquals(one.allocatedCounts(), restored.allocatedCounts());
    assertEquals(one.lastTime(), restored.lastTime());
    for (int n = 0; n < 30; n++) {
      assertEquals(one.history(cid(n)), restored.history(cid(n)));
    }
    assertEquals(one.memberHistory(), restored.memberHistory());
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    restored.writeTo(new SnapshotFile.Writer(c));
    assertEquals(java.util.Arrays.toString(a.toByteArray()), java.util.Arrays.toString(c.toByteArray()));
    assertEquals(one.stateAtMap(1_000), restored.stateAtMap(1_000));
    assertTrue(one.size() > 0);
  }

  static List<ClusterEntry> randomLog(Random r, int n) {
    List<ClusterEntry> log = new ArrayList<>();
    List<String> peers = List.of("a", "b", "c", "d");
    long t = 0;
    for (int i = 0; i < n; i++) {
      t += r.nextInt(5);
      int c = r.nextInt(30);
      List<String> alloc = List.of(peers.get(r.nextInt(4)), peers.get(r.nextInt(4)));
      log.add(switch (r.nextInt(6)) {
        case 0, 1 -> new ClusterEntry.Pin(t, cid(c), TWO.withName("n" + r.nextInt(3)), alloc);
        case 2 -> new ClusterEntry.Unpin(t, cid(c));
        case 3 -> new ClusterEntry.Allocate(t, cid(c), alloc);
        case 4 -> new ClusterEntry.AddPeer(t, new PeerRecord(peers.get(r.nextInt(4)), "127.0.0.1:" + (9000 + i), ""));
        default -> new ClusterEntry.RemovePeer(t, peers.get(r.nextInt(4)));
      });
    }
    return log;
  }
}
