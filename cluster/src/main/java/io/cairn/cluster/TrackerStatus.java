package io.cairn.cluster;

/**
 * Where a pin stands on one peer, with IPFS Cluster's names for the REST API's
 * {@code peer_map}.
 */
public enum TrackerStatus {
  /** Allocated here, waiting for a worker (or for its retry time after an error). */
  PIN_QUEUED("pin_queued"),
  /** Blocks being fetched into this peer's node. */
  PINNING("pinning"),
  /** Complete and pinned in this peer's node. */
  PINNED("pinned"),
  /** The last attempt failed; retried with back-off, or at once by {@code recover}. */
  PIN_ERROR("pin_error"),
  /** No longer allocated here, waiting to be unpinned. */
  UNPIN_QUEUED("unpin_queued"),
  UNPINNING("unpinning"),
  /** Not pinned here, and not allocated here. */
  UNPINNED("unpinned"),
  UNPIN_ERROR("unpin_error"),
  /** Pinned in the cluster, allocated to other peers. */
  REMOTE("remote"),
  /** This peer could not say (its state was unreadable, or it did not answer). */
  CLUSTER_ERROR("cluster_error"),
  /** Was pinned here, and the node's pin disappeared (removed by hand); {@code recover} pins it again. */
  UNEXPECTEDLY_UNPINNED("unexpectedly_unpinned");

  private final String label;

  TrackerStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
