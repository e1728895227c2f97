package io.cairn.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a user asks of a cluster pin (IPFS Cluster's pin options). Replication factors are
 * peer counts, -1 meaning every peer; {@code replicationMin} is the least number of holders
 * the cluster keeps, {@code replicationMax} the most it allocates. {@code expireAt} is epoch
 * milliseconds, 0 for never. {@code sizeHint} is the DAG's size in bytes if known (0
 * otherwise): the allocator keeps that much free on every peer it chooses.
 */
public record PinOptions(
    String name,
    PinMode mode,
    int replicationMin,
    int replicationMax,
    List<String> userAllocations,
    long expireAt,
    SortedMap<String, String> metadata,
    long sizeHint) {

  public PinOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    userAllocations = List.copyOf(userAllocations);
    metadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    String problem = problem(replicationMin, replicationMax);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (expireAt < 0 || sizeHint < 0) {
      throw new IllegalArgumentException("expireAt and sizeHint must not be negative");
    }
    if (userAllocations.stream().distinct().count() != userAllocations.size()) {
      throw new IllegalArgumentException("user allocations repeat a peer: " + userAllocations);
    }
  }

  /** A recursive pin with no name, metadata, expiry or size hint. */
  public static PinOptions recursive(int replicationMin, int replicationMax) {
    return new PinOptions("", PinMode.RECURSIVE, replicationMin, replicationMax, List.of(), 0,
        new TreeMap<>(), 0);
  }

  public PinOptions withName(String newName) {
    return new PinOptions(newName, mode, replicationMin, replicationMax, userAllocations, expireAt,
        metadata, sizeHint);
  }

  public PinOptions withUserAllocations(List<String> peers) {
    return new PinOptions(name, mode, replicationMin, replicationMax, peers, expireAt, metadata,
        sizeHint);
  }

  public PinOptions withSizeHint(long bytes) {
    return new PinOptions(name, mode, replicationMin, replicationMax, userAllocations, expireAt,
        metadata, bytes);
  }

  public PinOptions withMetadata(Map<String, String> meta) {
    return new PinOptions(name, mode, replicationMin, replicationMax, userAllocations, expireAt,
        new TreeMap<>(meta), sizeHint);
  }

  /** Why a replication pair is unacceptable, or null (IPFS Cluster's rules). */
  static String problem(int min, int max) {
    if (min == 0 || min < -1 || max == 0 || max < -1) {
      return "replication factors are -1 (every peer) or at least 1, got min " + min + " max " + max;
    }
    if (min == -1 && max != -1) {
      return "replication-min is -1 (every peer) so replication-max must be -1 too, got " + max;
    }
    if (max != -1 && min > max) {
      return "replication-min " + min + " is above replication-max " + max;
    }
    return null;
  }
}
