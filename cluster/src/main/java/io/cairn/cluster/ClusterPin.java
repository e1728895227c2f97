package io.cairn.cluster;

import io.cairn.codec.Cid;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the replicated pinset: the CID, what was asked ({@link PinOptions}), the peers
 * it is allocated to (sorted by peer id) and when it was first pinned and last changed (epoch
 * milliseconds, as stamped by the leader).
 */
public record ClusterPin(
    Cid cid, PinOptions options, List<String> allocations, long createdAt, long updatedAt) {

  public ClusterPin {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(options, "options");
    allocations = List.copyOf(allocations.stream().sorted().distinct().toList());
  }
}
