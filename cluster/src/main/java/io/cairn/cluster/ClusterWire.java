package io.cairn.cluster;

import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every byte form of the cluster in one place: client requests, Raft log entries, the reply of
 * an applied entry, and the records of a snapshot. All are DAG-CBOR maps (canonical, so equal
 * values encode to equal bytes); requests and entries carry {@code "v": 1} and an {@code "op"}.
 *
 * <pre>
 * request  {"v":1, "op":"pin",        "cid":CID, "opts":OPTIONS}
 *          {"v":1, "op":"unpin"|"reallocate", "cid":CID}
 *          {"v":1, "op":"peer-add",   "peer":PEER}      {"v":1, "op":"peer-rm", "id":TEXT}
 * entry    the same plus "t": epoch ms, with "alloc":[peer…] on "pin", and
 *          {"v":1, "op":"allocate", "t":…, "cid":CID, "alloc":[peer…]} in place of "reallocate"
 * OPTIONS  {"name", "mode":"recursive"|"direct", "min", "max", "user":[peer…], "exp", "meta":{…}, "size"}
 * PEER     {"id", "raft":"host:port", "api"}
 * PIN      {"cid", "opts":OPTIONS, "alloc":[peer…], "created", "updated"}
 * EVENT    {"i": log index, "t": ms, "k":"pinned"|"updated"|"reallocated"|"unpinned", "alloc":[peer…]}
 * metric   {"v":1, "op":"metric", "peer", "free": bytes, "tags":{…}, "ttl": ms}   (peer to peer, not logged)
 * batches (version 2; at most 1024 items; only these ops inside, without "v" and "t"):
 *   request {"v":2, "op":"batch", "reqs":[{"op":"pin"|"unpin"|"reallocate", …}…]}
 *   entry   {"v":2, "op":"batch", "t": ms, "entries":[{"op":"pin"|"unpin"|"allocate", …}…]}
 *   reply   {"v":2, "results":[{"pin":PIN} | {} | {"refused":TEXT}…]}  (one per request, in order)
 * </pre>
 *
 * <p>Decoders are strict: an unknown version, op or field, a missing field, a wrong type or an
 * invalid value fails with a {@link MalformedDataException} naming the field.
 */
final class ClusterWire {
  /** The layout of every request and entry except batches. */
  static final long VERSION = 1;
  /** The layout of batches (requests, entries, replies): version 1 peers refuse them by version. */
  static final long BATCH_VERSION = 2;
  /** Most requests or entries in one batch. */
  static final int MAX_BATCH = 1024;
  private static final java.util.Set<String> BATCHED_REQUESTS = java.util.Set.of("pin", "unpin", "reallocate");
  private static final java.util.Set<String> BATCHED_ENTRIES = java.util.Set.of("pin", "unpin", "allocate");

  private ClusterWire() {}

  // ---------------------------------------------------------------- requests

  static byte[] encodeRequest(ClusterRequest request) {
    Map<String, Object> m = header(request instanceof ClusterRequest.Batch ? BATCH_VERSION : VERSION);
    if (request instanceof ClusterRequest.Batch b) {
      m.put("op", "batch");
      List<Object> reqs = new ArrayList<>(b.requests().size());
      for (ClusterRequest r : b.requests()) {
        reqs.add(requestFields(r, new LinkedHashMap<>()));
      }
      m.put("reqs", reqs);
    } else {
      requestFields(request, m);
    }
    return DagCbor.encode(m);
  }

  private static Map<String, Object> requestFields(ClusterRequest request, Map<String, Object> m) {
    switch (request) {
      case ClusterRequest.Pin p -> {
        m.put("op", "pin");
        m.put("cid", p.cid());
        m.put("opts", options(p.options()));
      }
      case ClusterRequest.Unpin u -> {
        m.put("op", "unpin");
        m.put("cid", u.cid());
      }
      case ClusterRequest.Reallocate r -> {
        m.put("op", "reallocate");
        m.put("cid", r.cid());
      }
      case ClusterRequest.AddPeer a -> {
        m.put("op", "peer-add");
        m.put("peer", peer(a.peer()));
      }
      case ClusterRequest.RemovePeer r -> {
        m.put("op", "peer-rm");
        m.put("id", r.id());
      }
      case ClusterRequest.Batch b -> throw new IllegalArgumentException("a batch inside a batch");
    }
    return m;
  }

  static ClusterRequest decodeRequest(byte[] bytes) throws MalformedDataException {
    CborFields f = CborFields.of("cluster request", DagCbor.decode(bytes));
    String op = opOfVersion(f, "cluster request");
    ClusterRequest r;
    if (op.equals("batch")) {
      List<Object> items = batchItems(f, "reqs");
      List<ClusterRequest> reqs = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        CborFields item = CborFields.of("cluster request.reqs[" + i + "]", items.get(i));
        String itemOp = item.string("op");
        if (!BATCHED_REQUESTS.contains(itemOp)) {
          throw new MalformedDataException("cluster request.reqs[" + i + "].op", -1, "'" + itemOp + "' cannot be batched");
        }
        reqs.add(requestBody(item, itemOp));
      }
      r = new ClusterRequest.Batch(reqs);
    } else {
      r = requestBody(f, op);
    }
    f.end();
    return r;
  }

  private static ClusterRequest requestBody(CborFields f, String op) throws MalformedDataException {
    ClusterRequest r = switch (op) {
      case "pin" -> new ClusterRequest.Pin(f.cid("cid"), options(f.map("opts")));
      case "unpin" -> new ClusterRequest.Unpin(f.cid("cid"));
      case "reallocate" -> new ClusterRequest.Reallocate(f.cid("cid"));
      case "peer-add" -> new ClusterRequest.AddPeer(peer(f.map("peer")));
      case "peer-rm" -> new ClusterRequest.RemovePeer(f.string("id"));
      default -> throw new MalformedDataException("cluster request.op", -1, "unknown op '" + op + "'");
    };
    f.end();
    return r;
  }

  // ---------------------------------------------------------------- log entries

  static byte[] encodeEntry(ClusterEntry entry) {
    Map<String, Object> m = header(entry instanceof ClusterEntry.Batch ? BATCH_VERSION : VERSION);
    m.put("t", entry.time());
    if (entry instanceof ClusterEntry.Batch b) {
      m.put("op", "batch");
      List<Object> entries = new ArrayList<>(b.entries().size());
      for (ClusterEntry e : b.entries()) {
        entries.add(entryFields(e, new LinkedHashMap<>()));
      }
      m.put("entries", entries);
    } else {
      entryFields(entry, m);
    }
    return DagCbor.encode(m);
  }

  private static Map<String, Object> entryFields(ClusterEntry entry, Map<String, Object> m) {
    switch (entry) {
      case ClusterEntry.Pin p -> {
        m.put("op", "pin");
        m.put("cid", p.cid());
        m.put("opts", options(p.options()));
        m.put("alloc", p.allocations());
      }
      case ClusterEntry.Unpin u -> {
        m.put("op", "unpin");
        m.put("cid", u.cid());
      }
      case ClusterEntry.Allocate a -> {
        m.put("op", "allocate");
        m.put("cid", a.cid());
        m.put("alloc", a.allocations());
      }
      case ClusterEntry.AddPeer a -> {
        m.put("op", "peer-add");
        m.put("peer", peer(a.peer()));
      }
      case ClusterEntry.RemovePeer r -> {
        m.put("op", "peer-rm");
        m.put("id", r.id());
      }
      case ClusterEntry.Batch b -> throw new IllegalArgumentException("a batch inside a batch");
    }
    return m;
  }

  static ClusterEntry decodeEntry(byte[] bytes) throws MalformedDataException {
    CborFields f = CborFields.of("cluster entry", DagCbor.decode(bytes));
    String op = opOfVersion(f, "cluster entry");
    long t = f.nonNegative("t");
    ClusterEntry e;
    if (op.equals("batch")) {
      List<Object> items = batchItems(f, "entries");
      List<ClusterEntry> entries = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        CborFields item = CborFields.of("cluster entry.entries[" + i + "]", items.get(i));
        String itemOp = item.string("op");
        if (!BATCHED_ENTRIES.contains(itemOp)) {
          throw new MalformedDataException("cluster entry.entries[" + i + "].op", -1, "'" + itemOp + "' cannot be batched");
        }
        entries.add(entryBody(item, itemOp, t));
      }
      e = new ClusterEntry.Batch(t, entries);
    } else {
      e = entryBody(f, op, t);
    }
    f.end();
    return e;
  }

  private static ClusterEntry entryBody(CborFields f, String op, long t) throws MalformedDataException {
    ClusterEntry e = switch (op) {
      case "pin" -> new ClusterEntry.Pin(t, f.cid("cid"), options(f.map("opts")), peers(f, "alloc"));
      case "unpin" -> new ClusterEntry.Unpin(t, f.cid("cid"));
      case "allocate" -> new ClusterEntry.Allocate(t, f.cid("cid"), peers(f, "alloc"));
      case "peer-add" -> new ClusterEntry.AddPeer(t, peer(f.map("peer")));
      case "peer-rm" -> new ClusterEntry.RemovePeer(t, f.string("id"));
      default -> throw new MalformedDataException("cluster entry.op", -1, "unknown op '" + op + "'");
    };
    f.end();
    return e;
  }

  // ---------------------------------------------------------------- batch replies

  /**
   * The reply of an applied batch, one result per request in request order: {@code {"pin":PIN}}
   * (the pin the request left), {@code {}} (done, nothing to show: an unpin) or
   * {@code {"refused":TEXT}} (the leader refused that request; it is not in the log).
   */
  static byte[] encodeResults(List<BatchResult> results) {
    Map<String, Object> m = header(BATCH_VERSION);
    List<Object> out = new ArrayList<>(results.size());
    for (BatchResult r : results) {
      Map<String, Object> item = new LinkedHashMap<>();
      if (r.refusal() != null) {
        item.put("refused", r.refusal());
      } else if (r.pin() != null) {
        item.put("pin", pin(r.pin()));
      }
      out.add(item);
    }
    m.put("results", out);
    return DagCbor.encode(m);
  }

  static List<BatchResult> decodeResults(byte[] bytes) throws MalformedDataException {
    CborFields f = CborFields.of("batch reply", DagCbor.decode(bytes));
    long v = f.integer("v");
    if (v != BATCH_VERSION) {
      throw new MalformedDataException("batch reply.v", -1, "unsupported version " + v);
    }
    List<BatchResult> out = new ArrayList<>();
    List<Object> items = f.list("results");
    for (int i = 0; i < items.size(); i++) {
      CborFields item = CborFields.of("batch reply.results[" + i + "]", items.get(i));
      if (item.has("refused")) {
        out.add(BatchResult.refused(item.string("refused")));
      } else if (item.has("pin")) {
        out.add(BatchResult.of(pin(item.map("pin"))));
      } else {
        out.add(BatchResult.DONE);
      }
      item.end();
    }
    f.end();
    return out;
  }

  // ---------------------------------------------------------------- metrics (not logged)

  static byte[] encodeMetric(String peer, long freeBytes, Map<String, String> tags, long ttlMillis) {
    Map<String, Object> m = header(VERSION);
    m.put("op", "metric");
    m.put("peer", peer);
    m.put("free", freeBytes);
    m.put("tags", new LinkedHashMap<String, Object>(tags));
    m.put("ttl", ttlMillis);
    return DagCbor.encode(m);
  }

  /** A metric as received at {@code nowMillis}: it expires {@code ttl} after that, by the receiver's clock. */
  static PeerMetric decodeMetric(byte[] bytes, long nowMillis) throws MalformedDataException {
    CborFields f = CborFields.of("cluster metric", DagCbor.decode(bytes));
    long v = f.integer("v");
    if (v != VERSION) {
      throw new MalformedDataException("cluster metric.v", -1, "unsupported version " + v + " (this peer reads " + VERSION + ")");
    }
    String op = f.string("op");
    if (!op.equals("metric")) {
      throw new MalformedDataException("cluster metric.op", -1, "expected 'metric', got '" + op + "'");
    }
    String peer = f.string("peer");
    if (peer.isEmpty()) {
      throw new MalformedDataException("cluster metric.peer", -1, "empty");
    }
    long free = f.nonNegative("free");
    Map<String, String> tags = f.stringMap("tags");
    long ttl = f.nonNegative("ttl");
    f.end();
    return PeerMetric.of(peer, free, tags, nowMillis + ttl);
  }

  // ---------------------------------------------------------------- values

  static Map<String, Object> options(PinOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", o.name());
    m.put("mode", o.mode().wireName());
    m.put("min", (long) o.replicationMin());
    m.put("max", (long) o.replicationMax());
    m.put("user", o.userAllocations());
    m.put("exp", o.expireAt());
    m.put("meta", new LinkedHashMap<String, Object>(o.metadata()));
    m.put("size", o.sizeHint());
    return m;
  }

  static PinOptions options(CborFields f) throws MalformedDataException {
    String name = f.string("name");
    PinMode mode = PinMode.parse(f.string("mode"));
    int min = f.smallInt("min", -1, Integer.MAX_VALUE);
    int max = f.smallInt("max", -1, Integer.MAX_VALUE);
    String problem = PinOptions.problem(min, max);
    if (problem != null) {
      throw new MalformedDataException("pin options.min/max", -1, problem);
    }
    List<String> user = f.strings("user");
    if (user.stream().distinct().count() != user.size()) {
      throw new MalformedDataException("pin options.user", -1, "repeats a peer");
    }
    long exp = f.nonNegative("exp");
    Map<String, String> meta = f.stringMap("meta");
    long size = f.nonNegative("size");
    f.end();
    return new PinOptions(name, mode, min, max, user, exp, new java.util.TreeMap<>(meta), size);
  }

  static Map<String, Object> peer(PeerRecord p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("raft", p.raftAddress());
    m.put("api", p.apiAddress());
    return m;
  }

  static PeerRecord peer(CborFields f) throws MalformedDataException {
    String id = f.string("id");
    if (id.isEmpty()) {
      throw new MalformedDataException("peer.id", -1, "empty");
    }
    PeerRecord p = new PeerRecord(id, f.string("raft"), f.string("api"));
    f.end();
    return p;
  }

  static Map<String, Object> pin(ClusterPin p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cid", p.cid());
    m.put("opts", options(p.options()));
    m.put("alloc", p.allocations());
    m.put("created", p.createdAt());
    m.put("updated", p.updatedAt());
    return m;
  }

  static ClusterPin pin(CborFields f) throws MalformedDataException {
    ClusterPin p = new ClusterPin(f.cid("cid"), options(f.map("opts")), peers(f, "alloc"),
        f.nonNegative("created"), f.nonNegative("updated"));
    f.end();
    return p;
  }

  static byte[] encodePin(ClusterPin p) {
    return DagCbor.encode(pin(p));
  }

  static ClusterPin decodePin(byte[] bytes) throws MalformedDataException {
    return pin(CborFields.of("cluster pin", DagCbor.decode(bytes)));
  }

  static Map<String, Object> event(HistoryEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("i", e.index());
    m.put("t", e.time());
    m.put("k", e.kind().wireName());
    m.put("alloc", e.allocations());
    return m;
  }

  static HistoryEvent event(CborFields f) throws MalformedDataException {
    HistoryEvent e = new HistoryEvent(f.nonNegative("i"), f.nonNegative("t"),
        HistoryEvent.Kind.parse(f.string("k")), peers(f, "alloc"));
    f.end();
    return e;
  }

  static Map<String, Object> member(MemberEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("i", e.index());
    m.put("t", e.time());
    m.put("k", e.kind().wireName());
    m.put("peer", peer(e.peer()));
    return m;
  }

  static MemberEvent member(CborFields f) throws MalformedDataException {
    MemberEvent e = new MemberEvent(f.nonNegative("i"), f.nonNegative("t"),
        MemberEvent.Kind.parse(f.string("k")), peer(f.map("peer")));
    f.end();
    return e;
  }

  static List<HistoryEvent> events(CborFields f, String key) throws MalformedDataException {
    List<HistoryEvent> out = new ArrayList<>();
    for (Object o : f.list(key)) {
      out.add(event(CborFields.of("history event", o)));
    }
    return out;
  }

  private static List<String> peers(CborFields f, String key) throws MalformedDataException {
    List<String> peers = f.strings(key);
    if (peers.stream().distinct().count() != peers.size() || peers.contains("")) {
      throw new MalformedDataException(key, -1, "peer list repeats a peer or holds an empty id");
    }
    return peers;
  }

  private static Map<String, Object> header(long version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", version);
    return m;
  }

  /** The op of a request or entry, checked against its version (batches are version 2, the rest 1). */
  private static String opOfVersion(CborFields f, String what) throws MalformedDataException {
    long v = f.integer("v");
    if (v != VERSION && v != BATCH_VERSION) {
      throw new MalformedDataException(what + ".v", -1, "unsupported version " + v + " (this peer reads "
          + VERSION + " and " + BATCH_VERSION + ")");
    }
    String op = f.string("op");
    if ((v == BATCH_VERSION) != op.equals("batch")) {
      throw new MalformedDataException(what + ".v", -1, "op '" + op + "' is version "
          + (op.equals("batch") ? BATCH_VERSION : VERSION) + ", not " + v);
    }
    return op;
  }

  private static List<Object> batchItems(CborFields f, String key) throws MalformedDataException {
    List<Object> items = f.list(key);
    if (items.size() > MAX_BATCH) {
      throw new MalformedDataException(key, -1, items.size() + " items, more than " + MAX_BATCH);
    }
    return items;
  }


}
