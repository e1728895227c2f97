package io.cairn.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest metric of each peer as this peer last heard it. Only live metrics (not yet
 * expired at the time asked) count for allocation. This is the seam for liveness: whatever
 * carries peers' reports (next: a periodic broadcast with a TTL) puts them here.
 */
public final class MetricsBoard {
  private final Map<String, PeerMetric> latest = new ConcurrentHashMap<>();
  /** When this peer received each peer's kept metric (epoch ms, its own clock). */
  private final Map<String, Long> received = new ConcurrentHashMap<>();

  /** Keeps {@code metric} unless a report for the same peer that expires later is already held. */
  public void put(PeerMetric metric) {
    put(metric, 0);
  }

  /** As {@link #put(PeerMetric)}, noting that it arrived at {@code receivedAtMillis}. */
  public void put(PeerMetric metric, long receivedAtMillis) {
    PeerMetric kept = latest.merge(metric.peer(), metric, (old, now) -> now.expiresAt() >= old.expiresAt() ? now : old);
    if (kept == metric) {
      received.put(metric.peer(), receivedAtMillis);
    }
  }

  /** When the kept metric of {@code peer} arrived (epoch ms), 0 if unknown. */
  public long receivedAt(String peer) {
    return received.getOrDefault(peer, 0L);
  }

  public void forget(String peer) {
    latest.remove(peer);
    received.remove(peer);
  }

  /** Metrics still valid at {@code nowMillis}, ordered by peer. */
  public List<PeerMetric> live(long nowMillis) {
    return latest.values().stream()
        .filter(m -> m.expiresAt() > nowMillis)
        .sorted(Comparator.comparing(PeerMetric::peer))
        .toList();
  }
}
