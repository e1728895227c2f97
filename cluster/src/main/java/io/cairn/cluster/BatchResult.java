package io.cairn.cluster;

/**
 * What became of one request of a batch: done (with the pin it left, for pins and
 * re-allocations that leave one), or refused by the leader with its reason (then it is not in
 * the log). Exactly one of {@code pin} and {@code refusal} may be non-null; both null is "done".
 */
record BatchResult(ClusterPin pin, String refusal) {
  static final BatchResult DONE = new BatchResult(null, null);

  BatchResult {
    if (pin != null && refusal != null) {
      throw new IllegalArgumentException("a result is a pin or a refusal, not both");
    }
  }

  static BatchResult of(ClusterPin pin) {
    return new BatchResult(pin, null);
  }

  static BatchResult refused(String reason) {
    return new BatchResult(null, reason);
  }
}
