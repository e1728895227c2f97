package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorTest {
  private static final long GB = 1_000_000_000L;
  private final Allocator plain = new Allocator(0, List.of());

  private static PeerMetric m(String peer, long free) {
    return PeerMetric.of(peer, free, Map.of(), Long.MAX_VALUE);
  }

  private static PeerMetric m(String peer, long free, String region) {
    return PeerMetric.of(peer, free, Map.of("region", region), Long.MAX_VALUE);
  }

  @Test
  void newPinGoesToTheLeastAllocatedThenMostFreePeers() throws Exception {
    List<PeerMetric> live = List.of(m("a", 5 * GB), m("b", 9 * GB), m("c", 7 * GB), m("d", 8 * GB));
    Map<String, Integer> counts = Map.of("a", 0, "b", 3, "c", 0, "d", 0);
    assertEquals(List.of("a", "c", "d"), plain.allocate(PinOptions.recursive(2, 3), List.of(), live, counts));
    assertEquals(List.of("d"), plain.allocate(PinOptions.recursive(1, 1), List.of(), live, counts));
  }

  @Test
  void keepsCurrentHoldersWhenTheyStillMeetTheMinimum() throws Exception {
    List<PeerMetric> live = List.of(m("a", GB), m("b", GB), m("c", 100 * GB));
    Map<String, Integer> counts = Map.of("a", 50, "b", 50);
    assertEquals(List.of("a", "b"), plain.allocate(PinOptions.recursive(2, 3), List.of("a", "b"), live, counts));
  }

  @Test
  void replacesOnlyTheHolderThatIsGone() throws Exception {
    List<PeerMetric> live = List.of(m("a", GB), m("c", 2 * GB), m("d", 3 * GB));
    assertEquals(List.of("a", "d"), plain.allocate(PinOptions.recursive(2, 2), List.of("a", "b"), live, Map.of()));
  }

  @Test
  void reallocationKeepsWhatItCanPlaceWhenFewerThanMinAreLive() throws Exception {
    List<PeerMetric> live = List.of(m("a", GB), m("b", GB));
    assertThrows(AllocationException.class,
        () -> plain.allocate(PinOptions.recursive(3, 3), List.of("a", "c"), live, Map.of()));
    assertEquals(List.of("a", "b"), plain.allocate(PinOptions.recursive(3, 3), List.of("a", "c"), live, Map.of(), true));
    assertThrows(AllocationException.class,
        () -> plain.allocate(PinOptions.recursive(3, 3), List.of("c"), List.of(), Map.of(), true));
  }

  @Test
  void trimsToTheMaximum() throws Exception {
    List<PeerMetric> live = List.of(m("a", GB), m("b", GB), m("c", GB));
    assertEquals(List.of("a", "b"), plain.allocate(PinOptions.recursive(1, 2), List.of("a", "b", "c"), live, Map.of()));
  }

  @Test
  void userAllocationsComeFirstInTheirOrder() throws Exception {
    List<PeerMetric> live = List.of(m("a", 9 * GB), m("b", GB), m("c", 2 * GB));
    Map<String, Integer> counts = Map.of("b", 10, "c", 10);
    PinOptions o = PinOptions.recursive(2, 2).withUserAllocations(List.of("c", "b"));
    assertEquals(List.of("b", "c"), plain.allocate(o, List.of(), live, counts));
    PinOptions one = PinOptions.recursive(1, 1).withUserAllocations(List.of("c", "b"));
    assertEquals(List.of("c"), plain.allocate(one, List.of(), live, counts));
  }

  @Test
  void neverAPeerWithoutRoomForTheSizeHintAndTheReserve() throws Exception {
    Allocator reserving = new Allocator(GB, List.of());
    List<PeerMetric> live = List.of(m("a", 3 * GB), m("b", 2 * GB), m("c", GB + GB / 2));
    PinOptions big = PinOptions.recursive(1, 3).withSizeHint(GB);
    assertEquals(List.of("a", "b"), reserving.allocate(big, List.of(), live, Map.of()));
    AllocationException e = assertThrows(AllocationException.class,
        () -> reserving.allocate(PinOptions.recursive(2, 2).withSizeHint(GB + GB / 2), List.of(), live, Map.of()));
    assertTrue(e.getMessage().contains("only 1 of 3"), e.getMessage());
    // a peer that already holds the pin keeps it whatever its free space
    assertEquals(List.of("c"), reserving.allocate(PinOptions.recursive(1, 2).withSizeHint(GB), List.of("c"), live, Map.of()));
    assertEquals(List.of("a", "c"), reserving.allocate(PinOptions.recursive(2, 2).withSizeHint(GB), List.of("c"), live, Map.of()));
  }

  @Test
  void minusOneMeansEveryLivePeer() throws Exception {
    List<PeerMetric> live = List.of(m("a", GB), m("b", GB), m("c", GB));
    assertEquals(List.of("a", "b", "c"), plain.allocate(PinOptions.recursive(-1, -1), List.of("a"), live, Map.of()));
    assertEquals(List.of("a", "b", "c"), plain.allocate(PinOptions.recursive(2, -1), List.of(), live, Map.of()));
    assertThrows(AllocationException.class, () -> plain.allocate(PinOptions.recursive(-1, -1), List.of(), List.of(), Map.of()));
  }

  @Test
  void spreadsReplicasAcrossTagValues() throws Exception {
    Allocator byRegion = new Allocator(0, List.of("region"));
    List<PeerMetric> live = List.of(m("eu1", 9 * GB, "eu"), m("eu2", 8 * GB, "eu"), m("us1", GB, "us"));
    assertEquals(List.of("eu1", "us1"), byRegion.allocate(PinOptions.recursive(2, 2), List.of(), live, Map.of()));
    assertEquals(List.of("eu1", "eu2"), plain.allocate(PinOptions.recursive(2, 2), List.of(), live, Map.of()));
  }

  @Test
  void sameInputsSameAnswer() throws Exception {
    List<PeerMetric> live = List.of(m("c", GB), m("a", GB), m("b", GB));
    List<PeerMetric> reversed = List.of(m("b", GB), m("a", GB), m("c", GB));
    assertEquals(List.of("a", "b"), plain.allocate(PinOptions.recursive(2, 2), List.of(), live, Map.of()));
    assertEquals(List.of("a", "b"), plain.allocate(PinOptions.recursive(2, 2), List.of(), reversed, Map.of()));
  }
}
