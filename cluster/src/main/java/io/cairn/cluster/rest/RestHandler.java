package io.cairn.cluster.rest;

import io.cairn.cluster.ClusterException;
import io.cairn.cluster.ClusterPeer;
import io.cairn.cluster.ClusterPin;
import io.cairn.cluster.HistoryCursor;
import io.cairn.cluster.Holding;
import io.cairn.cluster.PinOptions;
import io.cairn.cluster.PinTracker;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.store.Store;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * IPFS Cluster's REST API over one {@link ClusterPeer}: {@code GET /id, /version, /health,
 * /peers, /pins[/{cid}], /allocations[/{cid}]} (the lists streamed as JSON lines, as IPFS
 * Cluster 1.x does), {@code POST /pins/{cid}}, {@code DELETE
 * /pins/{cid}, /peers/{id}}, and Cairn's audit additions {@code GET /pins/{cid}/history},
 * {@code GET /peers/history} and {@code GET /state?at=RFC3339} (streamed from the history on
 * disk). Reads are linearizable. With a cluster secret set, every
 * request needs {@code Authorization: Bearer SECRET} (or Basic with the secret as password).
 * Handlers block (Jetty runs them on a virtual thread each).
 */
final class RestHandler extends Handler.Abstract {
  private final ClusterPeer peer;
  private final byte[] secret;
  private final int defaultMin;
  private final int defaultMax;
  private final Clock clock;
  private final PinTracker tracker;
  private final PeerStatuses statuses;
  /** Cairn's {@code POST /blocks} for the other peers' trackers; null: not served (no store). */
  private final HeldBlocks blocks;

  RestHandler(ClusterPeer peer, PinTracker tracker, Store store, String secret, int defaultMin, int defaultMax,
      Clock clock) {
    this.peer = peer;
    this.tracker = tracker;
    this.blocks = store == null ? null : new HeldBlocks(store);
    this.statuses = new PeerStatuses(peer, tracker, secret, clock);
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.defaultMin = defaultMin;
    this.defaultMax = defaultMax;
    this.clock = clock;
  }

  /** A failure answered as IPFS Cluster does: {@code {"code","message"}} with that status. */
  static final class RestException extends Exception {
    final int status;

    RestException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = 200;
    Object body;
    try {
      authorize(request);
      if (blocks != null && Request.getPathInContext(request).equals("/blocks")) {
        blocks.serve(request, response, callback); // a CAR stream, not JSON
        return true;
      }
      body = route(request);
      if (body == null) {
        status = 204;
      }
    } catch (RestException e) {
      status = e.status;
      body = RestJson.error(e.status, e.getMessage());
    } catch (MalformedDataException e) {
      status = 400;
      body = RestJson.error(400, e.getMessage());
    } catch (ClusterException e) {
      status = e.refused() ? 500 : 503;
      body = RestJson.error(status, e.getMessage());
    } catch (IOException e) {
      status = 500;
      body = RestJson.error(500, e.getMessage());
    } catch (RuntimeException e) {
      status = 500;
      body = RestJson.error(500, "internal error: " + e);
    }
    response.setStatus(status);
    if (body == null) {
      callback.succeeded();
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (body instanceof Streamed streamed) {
      try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 1 << 16)) {
        streamed.body().writeTo(out);
      } catch (IOException | RuntimeException e) {
        callback.failed(e); // the status is out: the client sees a cut-off stream
        return true;
      }
      callback.succeeded();
      return true;
    }
    if (body instanceof Lines lines) {
      try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 1 << 16)) {
        for (Object item : lines.items()) {
          out.write((RestJson.write(item) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException | RuntimeException e) {
        callback.failed(e); // the status is out: the client sees a cut-off stream
        return true;
      }
      callback.succeeded();
      return true;
    }
    response.write(true, StandardCharsets.UTF_8.encode(RestJson.write(body) + "\n"), callback);
    return true;
  }

  /** A streamed answer: one JSON object per line (IPFS Cluster 1.x streams /pins, /peers, /allocations so). */
  record Lines(List<?> items) {}

  /** An answer written as it is read (from the history on disk), after the status is known. */
  record Streamed(Body body) {}

  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private void authorize(Request request) throws RestException {
    if (secret.length == 0) {
      return;
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    byte[] given = null;
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    } else if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String userPass = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        given = userPass.substring(userPass.indexOf(':') + 1).getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        given = null;
      }
    }
    if (given == null || !MessageDigest.isEqual(secret, given)) {
      throw new RestException(401, "unauthorized: send the cluster secret as 'Authorization: Bearer SECRET'");
    }
  }

  private Object route(Request request) throws RestException, IOException {
    String method = request.getMethod();
    List<String> path = Arrays.stream(Request.getPathInContext(request).split("/"))
        .filter(s -> !s.isEmpty()).toList();
    Map<String, String> query = query(request);
    String head = path.isEmpty() ? "" : path.getFirst();
    switch (head) {
      case "id" -> {
        only(method, "GET", path, 1);
        Map<String, Object> id = RestJson.id(peer.id(), peer.members(), peer.peerRecords());
        id.put("cluster_name", peer.clusterName()); // Cairn's: what 'cairn cluster join' needs
        id.put("cluster_leader", peer.leader().orElse("")); // Cairn's: the leader as this peer knows it
        return id;
      }
      case "version" -> {
        only(method, "GET", path, 1);
        return Map.of("version", RestJson.VERSION);
      }
      case "health" -> {
        only(method, "GET", path, 1);
        peer.pins(); // a linearizable read: healthy means a leader with a majority answers
        return null;
      }
      case "peers" -> {
        if (path.size() == 1 && method.equals("POST")) {
          // Cairn's join: the body names the new peer; the bearer secret was checked above
          peer.addPeer(JoinRequest.parse(Content.Source.asString(request, StandardCharsets.UTF_8)),
              new String(secret, StandardCharsets.UTF_8));
          return null;
        }
        if (path.size() == 2 && path.get(1).equals("history")) {
          only(method, "GET", path, 2); // Cairn's: every peer added or removed, with its time
          return peer.memberHistory().stream().map(RestJson::member).toList();
        }
        if (path.size() == 2 && method.equals("DELETE")) {
          peer.removePeer(path.get(1));
          return null;
        }
        only(method, "GET", path, 1);
        List<Object> out = new ArrayList<>();
        for (String id : peer.members()) {
          out.add(RestJson.id(id, peer.members(), peer.peerRecords()));
        }
        return new Lines(out);
      }
      case "pins" -> {
        return pins(method, path, query);
      }
      case "allocations" -> {
        if (path.size() == 2) {
          only(method, "GET", path, 2);
          Cid cid = Cid.parse(path.get(1));
          return RestJson.pin(peer.status(cid)
              .orElseThrow(() -> new RestException(404, cid + " is not pinned in the cluster")));
        }
        only(method, "GET", path, 1);
        return new Lines(peer.pins().stream().map(RestJson::pin).toList());
      }
      case "monitor" -> {
        return monitor(method, path);
      }
      case "state" -> {
        only(method, "GET", path, 1);
        Instant at = query.containsKey("at") ? instant(query.get("at")) : clock.instant();
        HistoryCursor<Holding> held = peer.holdingsAt(at); // the read barrier passed: the status is 200
        return new Streamed(out -> writeHoldings(held, out));
      }
      default -> throw new RestException(404, "no such endpoint: " + Request.getPathInContext(request));
    }
  }

  /** {@code {"CID":[peers…],…}}, one CID at a time from the history on disk. */
  private static void writeHoldings(HistoryCursor<Holding> held, OutputStream out) throws IOException {
    try (held) {
      out.write('{');
      boolean first = true;
      for (Holding h = held.next(); h != null; h = held.next()) {
        if (!first) {
          out.write(',');
        }
        first = false;
        out.write((RestJson.write(h.cid().toString()) + ":" + RestJson.write(h.allocations()))
            .getBytes(StandardCharsets.UTF_8));
      }
      out.write("}\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private Object pins(String method, List<String> path, Map<String, String> query)
      throws RestException, IOException {
    boolean local = "true".equals(query.get("local"));
    if (path.size() == 2 && path.get(1).equals("recover")) {
      only(method, "POST", path, 2);
      List<ClusterPin> all = peer.pins();
      if (tracker != null) {
        tracker.recoverAll(all);
      }
      return new Lines(statuses(all, local, "POST", "/pins/recover", Set.of()));
    }
    if (path.size() == 1) {
      only(method, "GET", path, 1);
      Set<String> filter = csv(query.get("filter"));
      Set<String> cids = csv(query.get("cids"));
      List<ClusterPin> chosen = peer.pins().stream()
          .filter(p -> cids.isEmpty() || cids.contains(p.cid().toString())).toList();
      return new Lines(statuses(chosen, local, "GET", "/pins", filter));
    }
    Cid cid = Cid.parse(path.get(1));
    if (path.size() == 3 && path.get(2).equals("history")) {
      only(method, "GET", path, 3);
      return peer.history(cid).stream().map(RestJson::event).toList();
    }
    if (path.size() == 3 && path.get(2).equals("recover")) {
      only(method, "POST", path, 3);
      ClusterPin pin = peer.status(cid)
          .orElseThrow(() -> new RestException(404, cid + " is not pinned in the cluster: nothing to recover"));
      if (tracker != null) {
        tracker.recover(cid, pin);
      }
      return statuses(List.of(pin), local, "POST", "/pins/" + cid + "/recover", Set.of()).getFirst();
    }
    if (path.size() != 2) {
      throw new RestException(404, "no such endpoint under /pins");
    }
    switch (method) {
      case "GET" -> {
        Optional<ClusterPin> p = peer.status(cid);
        if (p.isEmpty()) {
          return RestJson.unpinned(cid, local ? List.of(peer.id()) : peer.members(), clock.millis());
        }
        return statuses(List.of(p.get()), local, "GET", "/pins/" + cid, Set.of()).getFirst();
      }
      case "POST" -> {
        PinOptions options = PinQuery.parse(query, defaultMin, defaultMax, clock);
        return RestJson.pin(peer.pin(cid, options));
      }
      case "DELETE" -> {
        ClusterPin before = peer.status(cid)
            .orElseThrow(() -> new RestException(404, cid + " is not pinned in the cluster"));
        peer.unpin(cid);
        return RestJson.pin(before);
      }
      default -> throw new RestException(405, method + " is not allowed on /pins/{cid}: use GET, POST or DELETE");
    }
  }

  /**
   * IPFS Cluster's {@code /monitor/metrics} (the metric names) and {@code
   * /monitor/metrics/{name}} (each live peer's latest: {@code freespace} in bytes, {@code ping}
   * its liveness), from this peer's board, with IPFS Cluster's Metric fields.
   */
  private Object monitor(String method, List<String> path) throws RestException {
    if (path.size() < 2 || !path.get(1).equals("metrics") || path.size() > 3) {
      throw new RestException(404, "no such endpoint: /" + String.join("/", path) + " (try /monitor/metrics)");
    }
    only(method, "GET", path, path.size());
    if (path.size() == 2) {
      return RestJson.METRIC_NAMES;
    }
    String name = path.get(2);
    if (!RestJson.METRIC_NAMES.contains(name)) {
      throw new RestException(404, "no metric '" + name + "': known are " + String.join(", ", RestJson.METRIC_NAMES));
    }
    List<Object> out = new ArrayList<>();
    for (io.cairn.cluster.PeerMetric m : peer.metrics().live(clock.millis())) {
      out.add(RestJson.metric(name, m, peer.metrics().receivedAt(m.peer())));
    }
    return out;
  }

  /** GlobalPinInfos of {@code pins} whose peer_map has a status in {@code filter} (empty: all). */
  private List<Map<String, Object>> statuses(List<ClusterPin> pins, boolean local, String method, String path,
      Set<String> filter) throws IOException {
    List<Map<String, Object>> maps = statuses.peerMaps(pins, peer.members(), local, method, path);
    List<Map<String, Object>> out = new ArrayList<>(pins.size());
    for (int i = 0; i < pins.size(); i++) {
      Map<String, Object> status = RestJson.status(pins.get(i), maps.get(i));
      if (filter.isEmpty() || matches(status, filter)) {
        out.add(status);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Map<String, Object> status, Set<String> filter) {
    Map<String, Object> peers = (Map<String, Object>) status.get("peer_map");
    for (Object v : peers.values()) {
      if (filter.contains(((Map<String, Object>) v).get("status"))) {
        return true;
      }
    }
    return false;
  }

  private static void only(String method, String allowed, List<String> path, int segments) throws RestException {
    if (path.size() != segments) {
      throw new RestException(404, "no such endpoint: /" + String.join("/", path));
    }
    if (!method.equals(allowed)) {
      throw new RestException(405, method + " is not allowed on /" + String.join("/", path) + ": use " + allowed);
    }
  }

  private static Map<String, String> query(Request request) {
    Map<String, String> out = new LinkedHashMap<>();
    Fields fields = Request.extractQueryParameters(request);
    for (Fields.Field f : fields) {
      out.put(f.getName(), f.getValue());
    }
    return out;
  }

  private static Set<String> csv(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Instant instant(String text) throws MalformedDataException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedDataException("at", -1, "not an RFC 3339 time: " + text);
    }
  }
}
