package io.cairn.cluster;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one cluster peer, with defaults in {@link #of}. {@code secret} is the shared
 * cluster secret (checked when a peer is added); {@code clock} is what the leader stamps into
 * log entries and what metrics expire against.
 */
public record ClusterConfig(
    String clusterName,
    String peerId,
    String host,
    int raftPort,
    String apiAddress,
    Path storageDir,
    String secret,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    long snapshotThreshold,
    long logSegmentBytes,
    long reserveBytes,
    List<String> allocateBy,
    Clock clock) {

  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;

  public ClusterConfig {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiAddress, "apiAddress");
    Objects.requireNonNull(storageDir, "storageDir");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(clock, "clock");
    allocateBy = List.copyOf(allocateBy);
    if (raftPort <= 0 || raftPort > 65535) {
      throw new IllegalArgumentException("raftPort must be a real port (1..65535), got " + raftPort);
    }
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election timeout min must be below max");
    }
    if (snapshotThreshold < 1) {
      throw new IllegalArgumentException("snapshotThreshold < 1");
    }
    if (logSegmentBytes < 16 << 10) {
      throw new IllegalArgumentException("logSegmentBytes below 16 KiB");
    }
  }

  /**
   * Loopback, election timeouts of 1–2 s, 10 s per request, a snapshot every 10,000 entries, 8 MiB log
   * segments (only whole segments are purged), a 1 GiB reserve, no tags, the system clock.
   */
  public static ClusterConfig of(String clusterName, String peerId, int raftPort, Path storageDir,
      String secret) {
    return new ClusterConfig(clusterName, peerId, "127.0.0.1", raftPort, "", storageDir, secret,
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10),
        DEFAULT_SNAPSHOT_THRESHOLD, 8L << 20, 1L << 30, List.of(), Clock.systemUTC());
  }

  public String raftAddress() {
    return host + ":" + raftPort;
  }

  public ClusterConfig withTimeouts(Duration electionMin, Duration electionMax, Duration request) {
    return new ClusterConfig(clusterName, peerId, host, raftPort, apiAddress, storageDir, secret,
        electionMin, electionMax, request, snapshotThreshold, logSegmentBytes, reserveBytes, allocateBy, clock);
  }

  public ClusterConfig withLog(long snapshotEvery, long segmentBytes) {
    return new ClusterConfig(clusterName, peerId, host, raftPort, apiAddress, storageDir, secret,
        electionTimeoutMin, electionTimeoutMax, requestTimeout, snapshotEvery, segmentBytes, reserveBytes, allocateBy, clock);
  }

  public ClusterConfig withAllocation(long reserve, List<String> tags) {
    return new ClusterConfig(clusterName, peerId, host, raftPort, apiAddress, storageDir, secret,
        electionTimeoutMin, electionTimeoutMax, requestTimeout, snapshotThreshold, logSegmentBytes, reserve, tags, clock);
  }

  public ClusterConfig withClock(Clock newClock) {
    return new ClusterConfig(clusterName, peerId, host, raftPort, apiAddress, storageDir, secret,
        electionTimeoutMin, electionTimeoutMax, requestTimeout, snapshotThreshold, logSegmentBytes, reserveBytes, allocateBy, newClock);
  }
}
