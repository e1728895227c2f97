package io.cairn.cluster;

import io.cairn.codec.Cid;
import java.util.List;
import java.util.Objects;

/**
 * What a client asks the cluster to change. Only the leader turns a request into a
 * {@link ClusterEntry} (stamping the time and choosing allocations); the request itself never
 * reaches the log.
 */
sealed interface ClusterRequest {

  record Pin(Cid cid, PinOptions options) implements ClusterRequest {
    public Pin {
      Objects.requireNonNull(cid, "cid");
      Objects.requireNonNull(options, "options");
    }
  }

  record Unpin(Cid cid) implements ClusterRequest {
    public Unpin {
      Objects.requireNonNull(cid, "cid");
    }
  }

  /** Choose the allocations of a pinned CID again from the live peers, keeping what still holds. */
  record Reallocate(Cid cid) implements ClusterRequest {
    public Reallocate {
      Objects.requireNonNull(cid, "cid");
    }
  }

  record AddPeer(PeerRecord peer) implements ClusterRequest {
    public AddPeer {
      Objects.requireNonNull(peer, "peer");
    }
  }

  record RemovePeer(String id) implements ClusterRequest {
    public RemovePeer {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Many pin, unpin and reallocate requests sent as one; each is served or refused on its own. */
  record Batch(List<ClusterRequest> requests) implements ClusterRequest {
    public Batch {
      requests = List.copyOf(requests);
      for (ClusterRequest r : requests) {
        if (!(r instanceof Pin || r instanceof Unpin || r instanceof Reallocate)) {
          throw new IllegalArgumentException("a batch holds pin, unpin and reallocate requests only: " + r);
        }
      }
    }
  }
}
