package io.cairn.cluster;

import java.util.Objects;

/**
 * What the cluster keeps about a member besides its Raft membership: its id (the node's peer
 * ID, also its Raft peer id), the host:port of its Raft server, and its REST API address
 * (empty when it serves none).
 */
public record PeerRecord(String id, String raftAddress, String apiAddress) {
  public PeerRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(raftAddress, "raftAddress");
    Objects.requireNonNull(apiAddress, "apiAddress");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("peer id is empty");
    }
  }
}
