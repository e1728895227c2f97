package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three peers, each with its own node and gateway: what is allocated is fetched and pinned, the rest let go. */
@Timeout(60)
class PinTrackerTest {
  @TempDir Path dir;

  private static Map<String, TrackedNode> nodes(MiniCluster c) throws Exception {
    Map<String, TrackedNode> nodes = new LinkedHashMap<>();
    for (String id : List.of("p1", "p2", "p3")) {
      nodes.put(id, new TrackedNode(c.peer(id)));
    }
    c.awaitLeader();
    for (TrackedNode n : nodes.values()) {
      await("reconciled on " + n.peer.id(), n.tracker::reconciled);
      for (int attempt = 0; n.report() < 2 && attempt < 50; attempt++) {
        Thread.sleep(20);
      }
    }
    return nodes;
  }

  private static void closeAll(Map<String, TrackedNode> nodes) throws Exception {
    for (TrackedNode n : nodes.values()) {
      n.close();
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static JsonNode get(String url) throws Exception {
    return call(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private static JsonNode post(String url) throws Exception {
    return call(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static JsonNode call(HttpRequest.Builder req) throws Exception {
    HttpResponse<String> resp = HTTP.send(req.header("Authorization", "Bearer " + MiniCluster.SECRET)
        .timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode(), resp.body());
    return JSON.readTree(resp.body());
  }

  private static TrackerStatus status(TrackedNode n, Cid cid) {
    return n.tracker.status(cid, n.peer.pinsLocal().stream().filter(p -> p.cid().equals(cid)).findFirst().orElse(null))
        .status();
  }

  @Test
  void allocatedPeersFetchFromTheOneThatHasItAndTheOthersDoNot() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      Map<String, TrackedNode> nodes = nodes(c);
      try {
        // added on p3 only; 2 of 3 allocated; whoever is allocated and lacks it fetches it from p3
        Cid root = nodes.get("p3").file(200_000, 7).cid();
        ClusterPin pin = c.peer("p1").pin(root, PinOptions.recursive(2, 2).withName("photos"));
        assertEquals(2, pin.allocations().size());
        for (String id : pin.allocations()) {
          await(id + " pinned", () -> status(nodes.get(id), root) == TrackerStatus.PINNED);
        }
        for (Map.Entry<String, TrackedNode> e : nodes.entrySet()) {
          TrackedNode n = e.getValue();
          Optional<Pin> local = n.store.pin(root);
          if (pin.allocations().contains(e.getKey())) {
            assertEquals(Optional.of(new Pin(root, PinMode.RECURSIVE, "cluster:photos")), local, e.getKey());
            assertTrue(DagWalk.walk(n.store, root, new HashSet<>()).complete(), "whole DAG on " + e.getKey());
            PeerPinState s = n.tracker.status(root, pin);
            assertEquals(1, s.attempts());
            if (!e.getKey().equals("p3")) {
              assertTrue(s.blocks() > 10 && s.bytes() >= 200_000, "fetched on " + e.getKey() + ": " + s);
            }
          } else {
            assertEquals(TrackerStatus.REMOTE, status(n, root));
            assertEquals(Optional.empty(), local, "no pin on " + e.getKey());
          }
        }

        // the REST status gathers each peer's own view (IPFS Cluster's peer_map)
        JsonNode status = get(nodes.get("p3").apiUrl() + "/pins/" + root);
        for (String id : List.of("p1", "p2", "p3")) {
          JsonNode info = status.path("peer_map").path(id);
          assertEquals(pin.allocations().contains(id) ? "pinned" : "remote", info.path("status").asText(), id);
          if (pin.allocations().contains(id) && !id.equals("p3")) {
            assertEquals(1, info.path("attempt_count").asInt(), info.toString());
            assertTrue(info.path("bytes_fetched").asLong() >= 200_000, info.toString());
          }
        }
        JsonNode recovered = post(nodes.get("p1").apiUrl() + "/pins/" + root + "/recover");
        assertEquals(root.toString(), recovered.path("cid").asText());
        assertEquals(3, recovered.path("peer_map").size());

        // a user's own pin of the same CID survives the cluster letting go of it
        String allocated = pin.allocations().getFirst();
        c.peer("p2").unpin(root);
        for (String id : pin.allocations()) {
          await(id + " unpinned", () -> status(nodes.get(id), root) == TrackerStatus.UNPINNED);
          assertEquals(Optional.empty(), nodes.get(id).store.pin(root), id);
        }
        Pin mine = new Pin(root, PinMode.RECURSIVE, "mine");
        nodes.get(allocated).store.putPin(mine);
        c.peer("p2").pin(root, PinOptions.recursive(3, 3));
        for (String id : List.of("p1", "p2", "p3")) {
          await(id + " pinned again", () -> status(nodes.get(id), root) == TrackerStatus.PINNED);
        }
        c.peer("p2").unpin(root);
        for (String id : List.of("p1", "p2", "p3")) {
          await(id + " let go", () -> status(nodes.get(id), root) == TrackerStatus.UNPINNED);
        }
        assertEquals(Optional.of(mine), nodes.get(allocated).store.pin(root));
      } finally {
        closeAll(nodes);
      }
    }
  }

  @Test
  void smallPinsComeManyPerRequestFromThePeerThatHoldsThemNotThroughTheGateways() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      Map<String, TrackedNode> nodes = nodes(c);
      try {
        // 60 raw leaves held by p3 only, pinned on 2 of 3 peers each (all at once: one batch entry)
        Map<Cid, byte[]> leaves = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
          byte[] data = ("leaf " + i + " ").repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
          io.cairn.codec.Block b = io.cairn.codec.Block.create(1, Multicodec.RAW, data);
          nodes.get("p3").store.put(b);
          leaves.put(b.cid(), data);
        }
        List<ClusterPin> pins = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (Cid cid : leaves.keySet()) {
          callers.add(Thread.ofVirtual().start(() -> {
            try {
              ClusterPin p = c.peer("p1").pin(cid, PinOptions.recursive(2, 2));
              synchronized (pins) {
                pins.add(p);
              }
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          }));
        }
        for (Thread t : callers) {
          t.join();
        }
        assertEquals(leaves.size(), pins.size());
        for (ClusterPin pin : pins) {
          for (String id : pin.allocations()) {
            await(id + " pinned " + pin.cid(), () -> status(nodes.get(id), pin.cid()) == TrackerStatus.PINNED);
            TrackedNode n = nodes.get(id);
            assertEquals(Optional.of(new Pin(pin.cid(), PinMode.RECURSIVE, "cluster:")), n.store.pin(pin.cid()));
            assertEquals(new String(leaves.get(pin.cid()), StandardCharsets.UTF_8),
                new String(n.store.get(pin.cid()), StandardCharsets.UTF_8), "the block itself, on " + id);
            PeerPinState s = n.tracker.status(pin.cid(), pin);
            if (!id.equals("p3")) {
              assertEquals(1, s.blocks(), s.toString());
              assertEquals(leaves.get(pin.cid()).length, s.bytes(), s.toString());
            }
          }
        }
        // p1 and p2 asked no gateway: every block came through p3's cluster API
        for (String id : List.of("p1", "p2")) {
          long requests = nodes.get(id).transfer.providers().stream().mapToLong(p -> p.requests()).sum();
          assertEquals(0, requests, "gateway requests from " + id);
        }
      } finally {
        closeAll(nodes);
      }
    }
  }

  @Test
  void missingContentIsRetriedWithBackoffThenPinnedOnceSomePeerHasIt() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3)) {
      Map<String, TrackedNode> nodes = nodes(c);
      try {
        byte[] data = "held by nobody yet".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(data));
        PinOptions direct = new PinOptions("", io.cairn.cluster.PinMode.DIRECT,
            2, 2, List.of(), 0, new java.util.TreeMap<>(), 0); // direct: the block alone, fetched from the peers too
        ClusterPin pin = c.peer("p1").pin(cid, direct);
        List<TrackedNode> holders = new ArrayList<>();
        pin.allocations().forEach(id -> holders.add(nodes.get(id)));
        for (TrackedNode n : holders) {
          await("retried on " + n.peer.id(), () -> n.tracker.status(cid, pin).attempts() >= 3);
          PeerPinState s = n.tracker.status(cid, pin);
          assertTrue(s.status() == TrackerStatus.PIN_ERROR || s.status() == TrackerStatus.PINNING
              || s.status() == TrackerStatus.PIN_QUEUED, s.toString());
          assertFalse(s.error().isEmpty(), "the last error is shown: " + s);
        }
        // recover starts the count over
        TrackedNode first = holders.getFirst();
        await("in error", () -> first.tracker.status(cid, pin).status() == TrackerStatus.PIN_ERROR);
        PeerPinState recovered = first.tracker.recover(cid, pin);
        assertTrue(recovered.attempts() <= 1, recovered.toString());

        // the block appears on the peer that is not allocated: the retries fetch it from there
        TrackedNode other = nodes.values().stream().filter(n -> !holders.contains(n)).findFirst().orElseThrow();
        other.store.put(io.cairn.codec.Block.of(cid, data));
        for (TrackedNode n : holders) {
          await("pinned on " + n.peer.id(), () -> n.tracker.status(cid, pin).status() == TrackerStatus.PINNED);
          assertEquals("", n.tracker.status(cid, pin).error());
        }
        // removed by hand: unexpectedly unpinned, and recover pins it again
        first.store.removePin(cid);
        assertEquals(TrackerStatus.UNEXPECTEDLY_UNPINNED, first.tracker.status(cid, pin).status());
        first.tracker.recoverAll(first.peer.pinsLocal());
        await("pinned again", () -> first.tracker.status(cid, pin).status() == TrackerStatus.PINNED);
        assertEquals(Optional.of(new Pin(cid, PinMode.DIRECT, "cluster:")), first.store.pin(cid));

        // reconciling (as after a restart): a cluster pin the state no longer allocates here is
        // released; the user's own pins and what is allocated here stay
        Cid stale = TestCids.cid(1);
        Cid users = TestCids.cid(2);
        first.store.putPin(new Pin(stale, PinMode.RECURSIVE, "cluster:old"));
        first.store.putPin(new Pin(users, PinMode.RECURSIVE, "mine"));
        first.tracker.reconcile(first.peer.pins());
        await("stale cluster pin released", () -> first.store.pin(stale).isEmpty());
        assertTrue(first.store.pin(users).isPresent());
        assertTrue(first.store.pin(cid).isPresent());
      } finally {
        closeAll(nodes);
      }
    }
  }
}
