package io.cairn.cluster.rest;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.ClusterPeer;
import io.cairn.cluster.MiniCluster;
import io.cairn.codec.Cid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** IPFS Cluster's REST endpoints and JSON shapes over a real three-peer cluster. */
@Timeout(60)
class ClusterApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Reply(int status, JsonNode body) {}

  private static Reply call(HttpClient http, String base, String method, String path, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (auth != null) {
      b.header("Authorization", auth);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    boolean list = r.uri().getPath().matches("/(pins|peers|allocations)") && r.statusCode() == 200;
    if (!list) {
      return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }
    // the lists come as JSON lines: gather them into an array
    var array = JSON.createArrayNode();
    for (String line : r.body().split("\n")) {
      if (!line.isEmpty()) {
        array.add(JSON.readTree(line));
      }
    }
    return new Reply(r.statusCode(), array);
  }

  @Test
  void pinsStatusAllocationsHistoryAndErrorsAsIpfsClusterShapesThem() throws Exception {
    try (MiniCluster c = new MiniCluster(dir).start(3);
        HttpClient http = HttpClient.newHttpClient()) {
      c.reportAll(List.of("p1", "p2", "p3"));
      c.awaitLeader();
      ClusterPeer p2 = c.peer("p2");
      try (ClusterApi api = ClusterApi.start(p2, "127.0.0.1", 0, MiniCluster.SECRET, -1, -1, c.clock)) {
        String base = "http://127.0.0.1:" + api.address().getPort();
        String bearer = "Bearer " + MiniCluster.SECRET;
        Cid cid = cid(42);

        assertEquals(401, call(http, base, "GET", "/version", null).status());
        assertEquals(401, call(http, base, "GET", "/version", "Bearer nope").status());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + MiniCluster.SECRET).getBytes(StandardCharsets.UTF_8));
        assertEquals(RestJson.VERSION, call(http, base, "GET", "/version", basic).body().get("version").asText());

        Reply pinned = call(http, base, "POST", "/pins/" + cid + "?replication-min=2&replication-max=2&name=photos&meta-owner=ann&mode=recursive", bearer);
        assertEquals(200, pinned.status(), String.valueOf(pinned.body()));
        JsonNode pin = pinned.body();
        assertEquals(cid.toString(), pin.get("cid").asText());
        assertEquals(2, pin.get("allocations").size());
        assertEquals("photos", pin.get("name").asText());
        assertEquals("ann", pin.get("metadata").get("owner").asText());
        assertEquals(2, pin.get("replication_factor_min").asInt());
        assertEquals(RestJson.ZERO_TIME, pin.get("expire_at").asText());
        List<String> allocated = new ArrayList<>();
        pin.get("allocations").forEach(n -> allocated.add(n.asText()));

        JsonNode status = call(http, base, "GET", "/pins/" + cid, bearer).body();
        assertEquals(3, status.get("peer_map").size());
        for (String peer : List.of("p1", "p2", "p3")) {
          String expected = allocated.contains(peer) ? "pin_queued" : "remote";
          assertEquals(expected, status.get("peer_map").get(peer).get("status").asText(), peer);
        }
        assertEquals(1, call(http, base, "GET", "/pins", bearer).body().size());
        assertEquals(1, call(http, base, "GET", "/pins?filter=remote,pinned", bearer).body().size());
        assertEquals(0, call(http, base, "GET", "/pins?filter=pinned", bearer).body().size());
        assertEquals(0, call(http, base, "GET", "/pins?cids=" + cid(1), bearer).body().size());
        assertEquals(pin, call(http, base, "GET", "/allocations/" + cid, bearer).body());
        assertEquals(1, call(http, base, "GET", "/allocations", bearer).body().size());

        JsonNode history = call(http, base, "GET", "/pins/" + cid + "/history", bearer).body();
        assertEquals("pinned", history.get(0).get("event").asText());
        assertEquals(Instant.ofEpochMilli(c.clock.millis()).toString(), history.get(0).get("time").asText());
        JsonNode state = call(http, base, "GET", "/state?at=" + Instant.ofEpochMilli(c.clock.millis()), bearer).body();
        assertEquals(2, state.get(cid.toString()).size());

        Reply tooMany = call(http, base, "POST", "/pins/" + cid(43) + "?replication=5", bearer);
        assertEquals(500, tooMany.status());
        assertTrue(tooMany.body().get("message").asText().contains("replication-min 5"), tooMany.body().toString());
        Reply badCid = call(http, base, "POST", "/pins/not-a-cid", bearer);
        assertEquals(400, badCid.status());
        assertEquals(400, badCid.body().get("code").asInt());
        assertEquals(400, call(http, base, "POST", "/pins/" + cid(44) + "?replication-min=3&replication-max=2", bearer).status());
        assertEquals(405, call(http, base, "PUT", "/pins/" + cid, bearer).status());
        assertEquals(404, call(http, base, "GET", "/nothing", bearer).status());

        Reply removed = call(http, base, "DELETE", "/pins/" + cid, bearer);
        assertEquals(200, removed.status());
        assertEquals(cid.toString(), removed.body().get("cid").asText());
        assertEquals(404, call(http, base, "GET", "/allocations/" + cid, bearer).status());
        assertEquals(404, call(http, base, "DELETE", "/pins/" + cid, bearer).status());
        JsonNode gone = call(http, base, "GET", "/pins/" + cid, bearer).body();
        assertEquals("unpinned", gone.get("peer_map").get("p1").get("status").asText());

        JsonNode id = call(http, base, "GET", "/id", bearer).body();
        assertEquals("p2", id.get("id").asText());
        assertEquals(3, id.get("cluster_peers").size());
        assertEquals(3, call(http, base, "GET", "/peers", bearer).body().size());
        assertEquals(204, call(http, base, "GET", "/health", bearer).status());

        assertEquals(List.of("freespace", "ping"),
            JSON.convertValue(call(http, base, "GET", "/monitor/metrics", bearer).body(), List.class));
        JsonNode free = call(http, base, "GET", "/monitor/metrics/freespace", bearer).body();
        assertEquals(3, free.size());
        long nowNanos = c.clock.millis() * 1_000_000L; // the shared test clock has not moved since the reports
        for (int i = 0; i < 3; i++) {
          JsonNode m = free.get(i);
          assertEquals("p" + (i + 1), m.get("peer").asText());
          assertEquals("freespace", m.get("name").asText());
          assertEquals(String.valueOf(1L << 30), m.get("value").asText());
          assertEquals(1L << 30, m.get("weight").asLong());
          assertEquals(nowNanos + 60_000_000_000L, m.get("expire").asLong());
          assertEquals(nowNanos, m.get("received_at").asLong());
          assertTrue(m.get("valid").asBoolean());
        }
        JsonNode ping = call(http, base, "GET", "/monitor/metrics/ping", bearer).body();
        assertEquals(List.of("p1", "p2", "p3"), List.of(ping.get(0).get("peer").asText(), ping.get(1).get("peer").asText(),
            ping.get(2).get("peer").asText()));
        assertEquals("", ping.get(0).get("value").asText());
        Reply unknown = call(http, base, "GET", "/monitor/metrics/cpu", bearer);
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().get("message").asText().contains("known are freespace, ping"), unknown.body().toString());
      }
    }
  }
}
