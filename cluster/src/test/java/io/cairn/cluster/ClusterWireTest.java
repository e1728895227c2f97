package io.cairn.cluster;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterWireTest {
  private static final PinOptions FULL = new PinOptions("photos", PinMode.DIRECT, 2, 3, List.of("p9", "p1"),
      1_800_000_000_000L, new TreeMap<>(Map.of("owner", "ann", "k", "v")), 12345);
  private static final PeerRecord PEER = new PeerRecord("12D3KooWabc", "127.0.0.1:9096", "127.0.0.1:9094");

  @Test
  void requestsRoundTrip() throws Exception {
    for (ClusterRequest r : List.of(
        new ClusterRequest.Pin(cid(1), FULL),
        new ClusterRequest.Pin(cid(2), PinOptions.recursive(-1, -1)),
        new ClusterRequest.Unpin(cid(3)),
        new ClusterRequest.Reallocate(cid(4)),
        new ClusterRequest.AddPeer(PEER),
        new ClusterRequest.RemovePeer("p2"))) {
      byte[] bytes = ClusterWire.encodeRequest(r);
      assertEquals(r, ClusterWire.decodeRequest(bytes));
      assertArrayEquals(bytes, ClusterWire.encodeRequest(ClusterWire.decodeRequest(bytes)));
    }
  }

  @Test
  void entriesRoundTrip() throws Exception {
    for (ClusterEntry e : List.of(
        new ClusterEntry.Pin(5, cid(1), FULL, List.of("b", "a")),
        new ClusterEntry.Unpin(6, cid(1)),
        new ClusterEntry.Allocate(7, cid(1), List.of("c")),
        new ClusterEntry.AddPeer(8, PEER),
        new ClusterEntry.RemovePeer(9, "p2"))) {
      byte[] bytes = ClusterWire.encodeEntry(e);
      assertEquals(e, ClusterWire.decodeEntry(bytes));
      assertArrayEquals(bytes, ClusterWire.encodeEntry(ClusterWire.decodeEntry(bytes)));
    }
  }

  @Test
  void batchesRoundTripAsVersionTwo() throws Exception {
    ClusterRequest req = new ClusterRequest.Batch(List.of(new ClusterRequest.Pin(cid(1), FULL),
        new ClusterRequest.Unpin(cid(2)), new ClusterRequest.Reallocate(cid(3))));
    byte[] bytes = ClusterWire.encodeRequest(req);
    assertEquals(req, ClusterWire.decodeRequest(bytes));
    assertEquals(2L, ((Map<?, ?>) DagCbor.decode(bytes)).get("v"));
    ClusterEntry entry = new ClusterEntry.Batch(7, List.of(new ClusterEntry.Pin(7, cid(1), FULL, List.of("a")),
        new ClusterEntry.Unpin(7, cid(2)), new ClusterEntry.Allocate(7, cid(3), List.of("b", "c"))));
    bytes = ClusterWire.encodeEntry(entry);
    assertEquals(entry, ClusterWire.decodeEntry(bytes));
    assertArrayEquals(bytes, ClusterWire.encodeEntry(ClusterWire.decodeEntry(bytes)));
    List<BatchResult> results = List.of(BatchResult.of(new ClusterPin(cid(1), FULL, List.of("a"), 1, 2)),
        BatchResult.DONE, BatchResult.refused("no"));
    assertEquals(results, ClusterWire.decodeResults(ClusterWire.encodeResults(results)));
  }

  @Test
  void batchDecoderIsStrict() {
    Map<String, Object> unpin = new LinkedHashMap<>(Map.of("op", "unpin", "cid", cid(1)));
    Map<String, Object> m = new LinkedHashMap<>(Map.of("v", 2L, "op", "batch", "t", 5L,
        "entries", List.of(unpin)));
    unpin.put("t", 5L); // items take the batch's time, carry none of their own
    assertEquals("cluster entry.entries[0].t", rejected(m).what());
    unpin.remove("t");
    unpin.put("op", "peer-rm");
    assertTrue(rejected(m).getMessage().contains("'peer-rm' cannot be batched"));
    m.put("entries", List.of(Map.of("v", 2L, "op", "batch", "t", 5L, "entries", List.of())));
    assertTrue(rejected(m).getMessage().contains("'batch' cannot be batched"));
    m.put("entries", java.util.Collections.nCopies(ClusterWire.MAX_BATCH + 1, Map.of("op", "unpin", "cid", cid(1))));
    assertTrue(rejected(m).getMessage().contains("more than " + ClusterWire.MAX_BATCH));
    m.put("entries", List.of());
    m.put("v", 1L);
    assertTrue(rejected(m).getMessage().contains("op 'batch' is version 2, not 1"));
    assertThrows(MalformedDataException.class, () -> ClusterWire.decodeResults(DagCbor.encode(
        Map.of("v", 2L, "results", List.of(Map.of("refused", "x", "pin", 1L))))));
  }

  @Test
  void pinReplyRoundTrips() throws Exception {
    ClusterPin p = new ClusterPin(cid(1), FULL, List.of("x", "a"), 10, 20);
    assertEquals(p, ClusterWire.decodePin(ClusterWire.encodePin(p)));
    assertEquals(List.of("a", "x"), p.allocations());
  }

  private static Map<String, Object> entry() {
    return new LinkedHashMap<>(Map.of("v", 1L, "op", "unpin", "t", 5L, "cid", cid(1)));
  }

  private static MalformedDataException rejected(Map<String, Object> m) {
    return assertThrows(MalformedDataException.class, () -> ClusterWire.decodeEntry(DagCbor.encode(m)));
  }

  @Test
  void strictDecoderNamesTheField() {
    Map<String, Object> m = entry();
    m.put("v", 3L);
    assertTrue(rejected(m).getMessage().contains("unsupported version 3"));

    m = entry();
    m.put("v", 2L); // version 2 is for batches only
    assertTrue(rejected(m).getMessage().contains("op 'unpin' is version 1, not 2"));

    m = entry();
    m.put("op", "explode");
    assertTrue(rejected(m).getMessage().contains("unknown op 'explode'"));

    m = entry();
    m.put("extra", 1L);
    assertEquals("cluster entry.extra", rejected(m).what());

    m = entry();
    m.remove("t");
    assertEquals("cluster entry.t", rejected(m).what());

    m = entry();
    m.put("t", -1L);
    assertTrue(rejected(m).getMessage().contains("negative"));

    m = entry();
    m.put("cid", "bafy…");
    assertTrue(rejected(m).getMessage().contains("expected a CID link, got string"));

    assertThrows(MalformedDataException.class, () -> ClusterWire.decodeEntry(new byte[] {(byte) 0xa1}));
    assertThrows(MalformedDataException.class, () -> ClusterWire.decodeEntry(DagCbor.encode(List.of(1L))));
  }

  @Test
  void rejectsBadOptionsAndAllocations() {
    Map<String, Object> opts = ClusterWire.options(FULL);
    Map<String, Object> m = new LinkedHashMap<>(Map.of("v", 1L, "op", "pin", "t", 5L, "cid", cid(1),
        "opts", opts, "alloc", List.of("a")));
    opts.put("mode", "sideways");
    assertTrue(rejected(m).getMessage().contains("sideways"));
    opts.put("mode", "direct");
    opts.put("min", 4L);
    assertTrue(rejected(m).getMessage().contains("above replication-max"));
    opts.put("min", 0L);
    assertTrue(rejected(m).getMessage().contains("-1 (every peer) or at least 1"));
    opts.put("min", 2L);
    opts.put("meta", Map.of("k", 1L));
    assertEquals("cluster entry.opts.meta.k", rejected(m).what());
    opts.put("meta", Map.of());
    m.put("alloc", List.of("a", "a"));
    assertTrue(rejected(m).getMessage().contains("repeats"));
    m.put("alloc", List.of("a", 3L));
    assertEquals("cluster entry.alloc[1]", rejected(m).what());
  }
}
