package io.cairn.cluster;

import io.cairn.codec.Cid;

/**
 * A pin's progress on one peer, as its tracker knows it: status, attempts so far, the last
 * error (empty if none), when the status last changed, when the next retry is due (0: none),
 * and the blocks and bytes fetched by the current or last attempt.
 */
public record PeerPinState(Cid cid, TrackerStatus status, int attempts, String error, long since,
    long nextRetryAt, long blocks, long bytes) {

  static PeerPinState of(Cid cid, TrackerStatus status, long now) {
    return new PeerPinState(cid, status, 0, "", now, 0, 0, 0);
  }

  PeerPinState with(TrackerStatus newStatus, long now) {
    return new PeerPinState(cid, newStatus, attempts, error, now, nextRetryAt, blocks, bytes);
  }
}
