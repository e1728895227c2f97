package io.cairn.cluster;

import io.cairn.codec.Cid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated state, free of Ratis: the pinset, the member records and the audit history,
 * changed only by {@link #apply}. Apply is deterministic — it reads no clock and no metric —
 * so every peer that applies the same log holds the same state. An entry's time is taken as
 * {@code max(entry time, last applied time)}, so times never go backwards along the log even
 * when a new leader's clock is behind the old one's. Thread-safe (one monitor).
 */
final class PinState {
  private final TreeMap<Cid, ClusterPin> pins = new TreeMap<>();
  private final HashMap<Cid, List<HistoryEvent>> history = new HashMap<>();
  private final TreeMap<String, PeerRecord> peers = new TreeMap<>();
  private final HashMap<String, Integer> allocatedCounts = new HashMap<>();
  private long lastTime;

  /**
   * Applies one log entry at {@code index} and returns the pin it left (for pin and allocate
   * entries on a pinned CID), or empty (always for a batch: apply its entries one by one to
   * see theirs).
   */
  synchronized Optional<ClusterPin> apply(long index, ClusterEntry entry) {
    long time = Math.max(entry.time(), lastTime);
    lastTime = time;
    switch (entry) {
      case ClusterEntry.Pin p -> {
        ClusterPin old = pins.get(p.cid());
        ClusterPin now = new ClusterPin(p.cid(), p.options(), p.allocations(),
            old == null ? time : old.createdAt(), time);
        if (old != null && old.options().equals(now.options())
            && old.allocations().equals(now.allocations())) {
          return Optional.of(old); // a repeated pin changes nothing, not even the time
        }
        put(now, old);
        record(p.cid(), index, time, old == null ? HistoryEvent.Kind.PINNED : HistoryEvent.Kind.UPDATED,
            now.allocations());
        return Optional.of(now);
      }
      case ClusterEntry.Unpin u -> {
        ClusterPin old = pins.remove(u.cid());
        if (old != null) {
          count(old.allocations(), -1);
          record(u.cid(), index, time, HistoryEvent.Kind.UNPINNED, List.of());
        }
        return Optional.empty();
      }
      case ClusterEntry.Allocate a -> {
        ClusterPin old = pins.get(a.cid());
        if (old == null) {
          return Optional.empty(); // unpinned between the leader's choice and this entry
        }
        if (old.allocations().equals(a.allocations())) {
          return Optional.of(old);
        }
        ClusterPin now = new ClusterPin(a.cid(), old.options(), a.allocations(), old.createdAt(), time);
        put(now, old);
        record(a.cid(), index, time, HistoryEvent.Kind.REALLOCATED, now.allocations());
        return Optional.of(now);
      }
      case ClusterEntry.AddPeer a -> {
        peers.put(a.peer().id(), a.peer());
        return Optional.empty();
      }
      case ClusterEntry.RemovePeer r -> {
        peers.remove(r.id());
        return Optional.empty();
      }
      case ClusterEntry.Batch b -> {
        for (ClusterEntry e : b.entries()) {
          apply(index, e); // the state machine applies a batch's entries one by one, for their results
        }
        return Optional.empty();
      }
    }
  }

  private void put(ClusterPin now, ClusterPin old) {
    if (old != null) {
      count(old.allocations(), -1);
    }
    count(now.allocations(), 1);
    pins.put(now.cid(), now);
  }

  private void count(List<String> allocations, int delta) {
    for (String peer : allocations) {
      allocatedCounts.merge(peer, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  private void record(Cid cid, long index, long time, HistoryEvent.Kind kind, List<String> alloc) {
    history.computeIfAbsent(cid, c -> new ArrayList<>(2)).add(new HistoryEvent(index, time, kind, alloc));
  }

  synchronized Optional<ClusterPin> get(Cid cid) {
    return Optional.ofNullable(pins.get(cid));
  }

  /** All pins, ordered by CID. */
  synchronized List<ClusterPin> pins() {
    return List.copyOf(pins.values());
  }

  synchronized int size() {
    return pins.size();
  }

  synchronized List<PeerRecord> peers() {
    return List.copyOf(peers.values());
  }

  /** How many pins each peer is allocated (peers with none are absent). */
  synchronized Map<String, Integer> allocatedCounts() {
    return Map.copyOf(allocatedCounts);
  }

  /** Every change of {@code cid}, oldest first; empty if it was never pinned. */
  synchronized List<HistoryEvent> history(Cid cid) {
    return List.copyOf(history.getOrDefault(cid, List.of()));
  }

  /**
   * Who held what at {@code time} (epoch ms): for each CID pinned then, the allocations of its
   * last change at or before {@code time}.
   */
  synchronized SortedMap<Cid, List<String>> stateAt(long time) {
    TreeMap<Cid, List<String>> out = new TreeMap<>();
    for (Map.Entry<Cid, List<HistoryEvent>> e : history.entrySet()) {
      HistoryEvent last = lastAtOrBefore(e.getValue(), time);
      if (last != null && last.kind() != HistoryEvent.Kind.UNPINNED) {
        out.put(e.getKey(), last.allocations());
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private static HistoryEvent lastAtOrBefore(List<HistoryEvent> events, long time) {
    int lo = 0;
    int hi = events.size() - 1;
    HistoryEvent found = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (events.get(mid).time() <= time) {
        found = events.get(mid);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  synchronized long lastTime() {
    return lastTime;
  }

  // ---------------------------------------------------------------- snapshots

  /** Writes the whole state; the caller holds no other lock that apply needs. */
  synchronized void writeTo(SnapshotFile.Writer out) throws java.io.IOException {
    out.header(lastTime);
    for (PeerRecord p : peers.values()) {
      out.peer(p);
    }
    for (ClusterPin p : pins.values()) {
      out.pin(p);
    }
    for (Map.Entry<Cid, List<HistoryEvent>> e : new TreeMap<>(history).entrySet()) {
      out.history(e.getKey(), e.getValue());
    }
    out.end(peers.size(), pins.size(), history.size());
  }

  /** Replaces the whole state with a snapshot's. */
  synchronized void replaceWith(SnapshotFile.Contents in) {
    pins.clear();
    history.clear();
    peers.clear();
    allocatedCounts.clear();
    lastTime = in.lastTime();
    for (PeerRecord p : in.peers()) {
      peers.put(p.id(), p);
    }
    for (ClusterPin p : in.pins()) {
      put(p, null);
    }
    for (Map.Entry<Cid, List<HistoryEvent>> e : in.history().entrySet()) {
      history.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
  }
}
