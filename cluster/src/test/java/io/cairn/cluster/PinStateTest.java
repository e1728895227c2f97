package io.cairn.cluster;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PinStateTest {
  private static final PinOptions TWO = PinOptions.recursive(2, 2);

  @Test
  void pinUpdateReallocateUnpinAreKeptInHistory() {
    PinState s = new PinState();
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
    assertEquals(Map.of(), s.stateAt(99));
    assertEquals(Map.of(cid(1), List.of("a", "b")), s.stateAt(129));
    assertEquals(Map.of(cid(1), List.of("a", "c")), s.stateAt(130));
    assertEquals(Map.of(), s.stateAt(140));
  }

  @Test
  void pinKeepsItsCreationTimeAndCountsFollowAllocations() {
    PinState s = new PinState();
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
  void timeNeverGoesBackwardsAlongTheLog() {
    PinState s = new PinState();
    s.apply(1, new ClusterEntry.Pin(500, cid(1), TWO, List.of("a", "b")));
    // a new leader whose clock is behind stamps 400
    s.apply(2, new ClusterEntry.Pin(400, cid(2), TWO, List.of("a", "b")));
    assertEquals(500, s.history(cid(2)).getFirst().time());
    assertEquals(500, s.lastTime());
    assertEquals(2, s.stateAt(500).size());
  }

  @Test
  void peersAreRecordedAndRemoved() {
    PinState s = new PinState();
    PeerRecord a = new PeerRecord("a", "127.0.0.1:1", "");
    s.apply(1, new ClusterEntry.AddPeer(1, a));
    s.apply(2, new ClusterEntry.AddPeer(2, new PeerRecord("b", "127.0.0.1:2", "")));
    s.apply(3, new ClusterEntry.RemovePeer(3, "b"));
    assertEquals(List.of(a), s.peers());
  }

  /** The same log gives the same state, and a snapshot of it restores it whole. */
  @Test
  void applyIsDeterministicAndSnapshotsRoundTrip() throws Exception {
    List<ClusterEntry> log = randomLog(new Random(7), 400);
    PinState one = new PinState();
    PinState two = new PinState();
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

    PinState restored = new PinState();
    restored.replaceWith(SnapshotFile.read(new ByteArrayInputStream(a.toByteArray())));
    assertEquals(one.pins(), restored.pins());
    assertEquals(one.peers(), restored.peers());
    assertEquals(one.allocatedCounts(), restored.allocatedCounts());
    assertEquals(one.lastTime(), restored.lastTime());
    for (int n = 0; n < 30; n++) {
      assertEquals(one.history(cid(n)), restored.history(cid(n)));
    }
    assertEquals(one.stateAt(1_000), restored.stateAt(1_000));
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
