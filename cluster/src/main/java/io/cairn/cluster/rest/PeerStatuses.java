package io.cairn.cluster.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.ClusterPeer;
import io.cairn.cluster.ClusterPin;
import io.cairn.cluster.PinTracker;
import io.cairn.codec.Cid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code peer_map} of pins, as IPFS Cluster's global status builds it: this peer answers
 * from its {@link PinTracker}, every other member is asked for its own view ({@code GET
 * /pins[/{cid}]?local=true} on the REST URL it reports with its metric), all at once. A member
 * that cannot be asked (down: no live report; or the call fails) is {@code cluster_error} with
 * why. Without a tracker, statuses come from the pin doc alone (allocated: {@code pin_queued}).
 */
final class PeerStatuses {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterPeer peer;
  private final PinTracker tracker;
  private final String secret;
  private final Clock clock;
  private final HttpClient http;

  PeerStatuses(ClusterPeer peer, PinTracker tracker, String secret, Clock clock) {
    this.peer = peer;
    this.tracker = tracker;
    this.secret = secret;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /** This peer's entry for {@code cid} ({@code pin} null: not pinned). */
  Map<String, Object> local(Cid cid, ClusterPin pin) {
    return tracker == null ? fromDoc(peer.id(), pin) : RestJson.peerStatus(peer.id(), tracker.status(cid, pin));
  }

  /** What the pin doc alone says of {@code member}: allocated → pin_queued, else remote. */
  private Map<String, Object> fromDoc(String member, ClusterPin pin) {
    String status = pin == null ? "unpinned" : pin.allocations().contains(member) ? "pin_queued" : "remote";
    return RestJson.peerStatus(member, status, pin == null ? clock.millis() : pin.updatedAt());
  }

  /** The peer_map of each of {@code pins} (in order), over {@code members}; only this peer's when {@code localOnly}. */
  List<Map<String, Object>> peerMaps(List<ClusterPin> pins, List<String> members, boolean localOnly, String path)
      throws IOException {
    return peerMaps(pins, members, localOnly, "GET", path);
  }

  /** As above, asking the others with {@code method} (POST for a recover, which each peer does on itself). */
  List<Map<String, Object>> peerMaps(List<ClusterPin> pins, List<String> members, boolean localOnly, String method,
      String path) throws IOException {
    Map<String, Future<Map<String, Map<String, Object>>>> asked = new LinkedHashMap<>();
    Map<String, String> apis = peer.peerApis();
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      if (!localOnly && tracker != null) {
        for (String member : members) {
          if (!member.equals(peer.id()) && apis.containsKey(member)) {
            String url = apis.get(member) + path + (path.contains("?") ? "&" : "?") + "local=true";
            asked.put(member, calls.submit(() -> ask(method, url, member)));
          }
        }
      }
      Map<String, Map<String, Map<String, Object>>> answers = new HashMap<>();
      Map<String, String> failures = new HashMap<>();
      for (Map.Entry<String, Future<Map<String, Map<String, Object>>>> e : asked.entrySet()) {
        try {
          answers.put(e.getKey(), e.getValue().get());
        } catch (java.util.concurrent.ExecutionException ex) {
          failures.put(e.getKey(), "could not ask " + e.getKey() + ": " + ex.getCause().getMessage());
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while asking the other peers", ex);
        }
      }
      long now = clock.millis();
      List<Map<String, Object>> out = new java.util.ArrayList<>(pins.size());
      for (ClusterPin pin : pins) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String member : localOnly ? List.of(peer.id()) : members) {
          if (member.equals(peer.id())) {
            map.put(member, local(pin.cid(), pin));
          } else if (tracker == null) {
            map.put(member, fromDoc(member, pin));
          } else if (answers.containsKey(member)) {
            Map<String, Object> theirs = answers.get(member).get(pin.cid().toString());
            map.put(member, theirs != null ? theirs
                : RestJson.peerError(member, member + " did not report " + pin.cid() + " (its state may lag)", now));
          } else {
            map.put(member, RestJson.peerError(member, failures.getOrDefault(member,
                member + " is down: no live report from it"), now));
          }
        }
        out.add(map);
      }
      return out;
    }
  }

  /** CID → that member's PinInfo, from its {@code /pins...?local=true} answer (one object or JSON lines). */
  private Map<String, Map<String, Object>> ask(String method, String url, String member)
      throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (!secret.isEmpty()) {
      req.header("Authorization", "Bearer " + secret);
    }
    HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
      if (resp.statusCode() != 200) {
        throw new IOException("HTTP " + resp.statusCode() + " from " + url);
      }
      Map<String, Map<String, Object>> out = new HashMap<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode status = MAPPER.readTree(line);
        JsonNode mine = status.path("peer_map").path(member);
        if (status.path("cid").isTextual() && mine.isObject()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> info = MAPPER.convertValue(mine, Map.class);
          out.put(status.get("cid").asText(), info);
        }
      }
      return out;
    }
  }
}
