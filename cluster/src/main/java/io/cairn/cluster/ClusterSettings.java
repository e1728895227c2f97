package io.cairn.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.codec.MalformedDataException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Cluster} section of a repository's config, which makes {@code cairn daemon} run a
 * cluster peer:
 *
 * <pre>
 * "Cluster": {
 *   "Name": "archive",                 the cluster (its Raft group derives from it)
 *   "PeerID": "12D3…",                 this peer (default: the node's peer ID)
 *   "RaftAddress": "127.0.0.1:9096",   this peer's Raft server
 *   "APIAddress": "127.0.0.1:9094",    this peer's REST API
 *   "Secret": "64 hex digits",         shared by every peer; checked on join and on the API
 *   "Peers": ["ID@host:port", …],      the first configuration of a new cluster (empty: just this peer)
 *   "Join": "host:port",               a peer's REST API to join through at first start ("" none)
 *   "ReplicationMin": -1, "ReplicationMax": -1,  defaults for pins that give none (-1: every peer)
 *   "LivenessSeconds": 15,             report interval; a report lives twice as long
 *   "Tags": {"region": "eu"}, "AllocateBy": ["region"], "ReserveBytes": 1073741824
 * }
 * </pre>
 */
public record ClusterSettings(String name, String peerId, String raftHost, int raftPort, String apiHost,
    int apiPort, String secret, List<PeerRecord> peers, String join, int replicationMin, int replicationMax,
    Duration liveness, Map<String, String> tags, List<String> allocateBy, long reserveBytes) {
  public static final String SECTION = "Cluster";
  public static final int DEFAULT_RAFT_PORT = 9096;
  public static final int DEFAULT_API_PORT = 9094;

  public ClusterSettings {
    Objects.requireNonNull(name, "name");
    peers = List.copyOf(peers);
    tags = Map.copyOf(tags);
    allocateBy = List.copyOf(allocateBy);
  }

  /** A fresh section for {@code cairn cluster init}: loopback defaults, a random 32-byte secret. */
  public static ObjectNode fresh(String name, String peerId, int raftPort, int apiPort) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("Name", name);
    n.put("PeerID", peerId);
    n.put("RaftAddress", "127.0.0.1:" + raftPort);
    n.put("APIAddress", "127.0.0.1:" + apiPort);
    n.put("Secret", HexFormat.of().formatHex(secret));
    n.putArray("Peers");
    n.put("Join", "");
    n.put("ReplicationMin", -1);
    n.put("ReplicationMax", -1);
    n.put("LivenessSeconds", 15);
    n.putObject("Tags");
    n.putArray("AllocateBy");
    n.put("ReserveBytes", 1L << 30);
    return n;
  }

  /** Reads the section; {@code nodePeerId} is the default peer id. Bad values name the key. */
  public static ClusterSettings parse(JsonNode section, String nodePeerId) throws MalformedDataException {
    if (section == null || !section.isObject()) {
      throw new MalformedDataException("Cluster", 0, "not an object; run 'cairn cluster init --name NAME'");
    }
    String name = text(section, "Name", "");
    if (name.isEmpty()) {
      throw new MalformedDataException("Cluster.Name", 0, "empty; every peer of a cluster uses the same name");
    }
    String[] raft = hostPort(text(section, "RaftAddress", "127.0.0.1:" + DEFAULT_RAFT_PORT), "Cluster.RaftAddress");
    String[] api = hostPort(text(section, "APIAddress", "127.0.0.1:" + DEFAULT_API_PORT), "Cluster.APIAddress");
    List<PeerRecord> peers = new ArrayList<>();
    for (JsonNode p : section.path("Peers")) {
      String s = p.asText();
      int at = s.indexOf('@');
      if (at <= 0) {
        throw new MalformedDataException("Cluster.Peers", 0, "'" + s + "' is not ID@host:port");
      }
      hostPort(s.substring(at + 1), "Cluster.Peers");
      peers.add(new PeerRecord(s.substring(0, at), s.substring(at + 1), ""));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    section.path("Tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    List<String> allocateBy = new ArrayList<>();
    section.path("AllocateBy").forEach(t -> allocateBy.add(t.asText()));
    int seconds = section.path("LivenessSeconds").asInt(15);
    if (seconds < 1) {
      throw new MalformedDataException("Cluster.LivenessSeconds", 0, "must be ≥ 1, got " + seconds);
    }
    int min = section.path("ReplicationMin").asInt(-1);
    int max = section.path("ReplicationMax").asInt(-1);
    return new ClusterSettings(name, text(section, "PeerID", nodePeerId), raft[0], Integer.parseInt(raft[1]),
        api[0], Integer.parseInt(api[1]), text(section, "Secret", ""), peers, text(section, "Join", ""),
        min, max, Duration.ofSeconds(seconds), tags, allocateBy, section.path("ReserveBytes").asLong(1L << 30));
  }

  private static String text(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  static String[] hostPort(String s, String key) throws MalformedDataException {
    int colon = s.lastIndexOf(':');
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (colon <= 0 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new String[] {s.substring(0, colon), Integer.toString(port)};
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new MalformedDataException(key, 0, "'" + s + "' is not host:port");
    }
  }

  /** The peer's settings with its Raft storage under {@code storageDir}. */
  public ClusterConfig peerConfig(Path storageDir) {
    return new ClusterConfig(name, peerId, raftHost, raftPort, apiHost + ":" + apiPort, storageDir, secret,
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10),
        ClusterConfig.DEFAULT_SNAPSHOT_THRESHOLD, 8L << 20, reserveBytes, allocateBy, java.time.Clock.systemUTC());
  }
}
