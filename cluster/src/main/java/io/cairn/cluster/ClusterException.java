package io.cairn.cluster;

import java.io.IOException;

/**
 * A cluster operation that did not happen: refused by the leader (the message says why, e.g.
 * too few peers), or not committed in time (no quorum reachable — a write that timed out may
 * still commit later; pins and unpins are idempotent, so retrying is safe).
 */
public class ClusterException extends IOException {
  private final boolean refused;

  ClusterException(String message, boolean refused, Throwable cause) {
    super(message, cause);
    this.refused = refused;
  }

  /** True when the leader refused the request; false when its outcome is unknown. */
  public boolean refused() {
    return refused;
  }
}
