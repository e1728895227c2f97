package io.cairn.cluster.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.ClusterPin;
import io.cairn.cluster.HistoryEvent;
import io.cairn.cluster.MemberEvent;
import io.cairn.cluster.PeerMetric;
import io.cairn.cluster.PeerPinState;
import io.cairn.cluster.PeerRecord;
import io.cairn.codec.Cid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPFS Cluster's JSON shapes (api/types.go), field names and order as it writes them: a
 * {@code Pin} (what {@code POST/DELETE /pins/{cid}} and {@code /allocations} answer), a
 * {@code GlobalPinInfo} (what {@code /pins} answers: the pin with a per-peer status map), an
 * {@code ID} ({@code /id}, {@code /peers}) and errors {@code {"code","message"}}. CIDs are
 * written as {@code {"/": "…"}}; the zero time as Go writes it.
 */
final class RestJson {
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  static final String VERSION = "1.1.2+cairn";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RestJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  static String cid(Cid cid) {
    return cid.toString();
  }

  static String time(long millis) {
    return millis <= 0 ? ZERO_TIME : Instant.ofEpochMilli(millis).toString();
  }

  static Map<String, Object> pin(ClusterPin p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("replication_factor_min", p.options().replicationMin());
    m.put("replication_factor_max", p.options().replicationMax());
    m.put("name", p.options().name());
    m.put("mode", p.options().mode().wireName());
    m.put("shard_size", 0);
    m.put("user_allocations", p.options().userAllocations().isEmpty() ? null : p.options().userAllocations());
    m.put("expire_at", time(p.options().expireAt()));
    m.put("metadata", p.options().metadata().isEmpty() ? null : p.options().metadata());
    m.put("pin_update", null);
    m.put("origins", List.of());
    m.put("cid", cid(p.cid()));
    m.put("type", 2); // DataType
    m.put("allocations", p.allocations());
    m.put("max_depth", p.options().mode().wireName().equals("direct") ? 0 : -1);
    m.put("reference", null);
    m.put("timestamp", time(p.createdAt()));
    return m;
  }

  /**
   * The status of a pin on every member, as its pin doc says only: an allocated peer is
   * {@code pin_queued} (allocated, not confirmed pinned) and the others {@code remote}. For a
   * peer without a tracker; {@link PeerStatuses} asks each peer instead.
   */
  static Map<String, Object> status(ClusterPin p, Collection<String> members) {
    Map<String, Object> peers = new LinkedHashMap<>();
    for (String peer : members) {
      peers.put(peer, peerStatus(peer, p.allocations().contains(peer) ? "pin_queued" : "remote", p.updatedAt()));
    }
    return status(p, peers);
  }

  /** A {@code GlobalPinInfo}: the pin with the given {@code peer_map}. */
  static Map<String, Object> status(ClusterPin p, Map<String, Object> peerMap) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cid", cid(p.cid()));
    m.put("name", p.options().name());
    m.put("allocations", p.allocations());
    m.put("origins", List.of());
    m.put("created", time(p.createdAt()));
    m.put("metadata", p.options().metadata().isEmpty() ? null : p.options().metadata());
    m.put("peer_map", peerMap);
    return m;
  }

  /**
   * One peer's {@code PinInfo} from its tracker, with Cairn's progress fields beside IPFS
   * Cluster's: {@code blocks_fetched}, {@code bytes_fetched}, {@code next_retry}.
   */
  static Map<String, Object> peerStatus(String peer, PeerPinState st) {
    Map<String, Object> s = peerStatus(peer, st.status().label(), st.since());
    s.put("error", st.error());
    s.put("attempt_count", st.attempts());
    s.put("blocks_fetched", st.blocks());
    s.put("bytes_fetched", st.bytes());
    s.put("next_retry", time(st.nextRetryAt()));
    return s;
  }

  /** A peer that could not be asked: {@code cluster_error} with why. */
  static Map<String, Object> peerError(String peer, String error, long now) {
    Map<String, Object> s = peerStatus(peer, "cluster_error", now);
    s.put("error", error);
    return s;
  }

  /** The status IPFS Cluster gives a CID it does not track: unpinned everywhere. */
  static Map<String, Object> unpinned(Cid cid, Collection<String> members, long now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cid", cid(cid));
    m.put("name", "");
    m.put("allocations", List.of());
    m.put("origins", List.of());
    m.put("created", ZERO_TIME);
    m.put("metadata", null);
    Map<String, Object> peers = new LinkedHashMap<>();
    for (String peer : members) {
      peers.put(peer, peerStatus(peer, "unpinned", now));
    }
    m.put("peer_map", peers);
    return m;
  }

  static Map<String, Object> peerStatus(String peer, String status, long time) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("peername", peer);
    s.put("ipfs_peer_id", peer);
    s.put("ipfs_peer_addresses", List.of());
    s.put("status", status);
    s.put("timestamp", time(time));
    s.put("error", "");
    s.put("attempt_count", 0);
    s.put("priority_pin", false);
    return s;
  }

  static Map<String, Object> id(String self, List<String> members, List<PeerRecord> records) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", self);
    m.put("addresses", addresses(self, records));
    m.put("cluster_peers", members);
    List<String> all = new ArrayList<>();
    for (String peer : members) {
      all.addAll(addresses(peer, records));
    }
    m.put("cluster_peers_addresses", all);
    m.put("version", VERSION);
    m.put("commit", "");
    m.put("rpc_protocol_version", "/cairn/cluster/1");
    m.put("error", "");
    m.put("ipfs", Map.of("id", self, "addresses", List.of(), "error", ""));
    m.put("peername", self);
    return m;
  }

  private static List<String> addresses(String peer, List<PeerRecord> records) {
    for (PeerRecord r : records) {
      if (r.id().equals(peer)) {
        return List.of(multiaddr(r.raftAddress()));
      }
    }
    return List.of();
  }

  /** host:port → /ip4/host/tcp/port (or /dns4 for a name). */
  static String multiaddr(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return hostPort;
    }
    String host = hostPort.substring(0, colon);
    String proto = host.matches("[0-9.]+") ? "ip4" : host.contains(":") ? "ip6" : "dns4";
    return "/" + proto + "/" + host.replace("[", "").replace("]", "") + "/tcp/" + hostPort.substring(colon + 1);
  }

  /** The metrics {@code /monitor/metrics} knows, as IPFS Cluster names them. */
  static final List<String> METRIC_NAMES = List.of("freespace", "ping");

  /**
   * IPFS Cluster's Metric: {@code value} a string ({@code freespace}: free bytes; {@code ping}:
   * empty), {@code expire} and {@code received_at} Unix nanoseconds, {@code weight} what
   * allocation ranks by (free bytes for {@code freespace}).
   */
  static Map<String, Object> metric(String name, PeerMetric m, long receivedAtMillis) {
    boolean free = name.equals("freespace");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("peer", m.peer());
    out.put("value", free ? String.valueOf(m.freeBytes()) : "");
    out.put("expire", m.expiresAt() * 1_000_000L);
    out.put("valid", true);
    out.put("weight", free ? m.freeBytes() : 0L);
    out.put("partitionable", false);
    out.put("received_at", receivedAtMillis * 1_000_000L);
    return out;
  }

  static Map<String, Object> event(HistoryEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", e.index());
    m.put("time", time(e.time()));
    m.put("event", e.kind().wireName());
    m.put("allocations", e.allocations());
    return m;
  }

  static Map<String, Object> member(MemberEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", e.index());
    m.put("time", time(e.time()));
    m.put("event", e.kind().wireName());
    m.put("peer", e.peer().id());
    m.put("raft_address", e.peer().raftAddress());
    m.put("api_address", e.peer().apiAddress());
    return m;
  }

  static Map<String, Object> error(int code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("message", message);
    return m;
  }
}
