package io.cairn.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a peer reports about itself for allocation: free bytes on the disk of its blockstore,
 * its tags (e.g. {@code region=eu}), and when the report stops being valid (epoch ms). Metrics
 * are not replicated through Raft; a peer whose metric expired counts as down.
 */
public record PeerMetric(String peer, long freeBytes, SortedMap<String, String> tags, long expiresAt) {
  public PeerMetric {
    Objects.requireNonNull(peer, "peer");
    tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    if (freeBytes < 0) {
      throw new IllegalArgumentException("freeBytes < 0");
    }
  }

  public static PeerMetric of(String peer, long freeBytes, Map<String, String> tags, long expiresAt) {
    return new PeerMetric(peer, freeBytes, new TreeMap<>(tags), expiresAt);
  }
}
