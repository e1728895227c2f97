package io.cairn.cluster;

import io.cairn.codec.Cid;
import java.util.List;
import java.util.Objects;

/**
 * One command in the Raft log. Everything apply needs is in the entry — the time the leader
 * stamped ({@link #time()}, epoch milliseconds) and, for pins and re-allocations, the peers
 * it chose — so applying is a pure function of the log.
 */
sealed interface ClusterEntry {
  long time();

  record Pin(long time, Cid cid, PinOptions options, List<String> allocations)
      implements ClusterEntry {
    public Pin {
      Objects.requireNonNull(cid, "cid");
      Objects.requireNonNull(options, "options");
      allocations = List.copyOf(allocations.stream().sorted().distinct().toList());
    }
  }

  record Unpin(long time, Cid cid) implements ClusterEntry {
    public Unpin {
      Objects.requireNonNull(cid, "cid");
    }
  }

  record Allocate(long time, Cid cid, List<String> allocations) implements ClusterEntry {
    public Allocate {
      Objects.requireNonNull(cid, "cid");
      allocations = List.copyOf(allocations.stream().sorted().distinct().toList());
    }
  }

  record AddPeer(long time, PeerRecord peer) implements ClusterEntry {
    public AddPeer {
      Objects.requireNonNull(peer, "peer");
    }
  }

  record RemovePeer(long time, String id) implements ClusterEntry {
    public RemovePeer {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * Many pin, unpin and allocate entries committed as one (group commit: concurrent client
   * requests, or a repair's re-allocations), all with the batch's time, applied in order.
   */
  record Batch(long time, List<ClusterEntry> entries) implements ClusterEntry {
    public Batch {
      entries = List.copyOf(entries);
      for (ClusterEntry e : entries) {
        if (!(e instanceof Pin || e instanceof Unpin || e instanceof Allocate)) {
          throw new IllegalArgumentException("a batch holds pin, unpin and allocate entries only: " + e);
        }
        if (e.time() != time) {
          throw new IllegalArgumentException("an entry of a batch has the batch's time");
        }
      }
    }
  }
}
