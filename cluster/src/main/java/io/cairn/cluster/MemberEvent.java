package io.cairn.cluster;

import io.cairn.codec.MalformedDataException;
import java.util.Objects;

/**
 * One change of the cluster's membership in the audit history: the Raft log index of the
 * {@code peer-add} or {@code peer-rm} entry, its time (epoch milliseconds, the leader's, never
 * going backwards along the log), and the peer's record (for a removal, the addresses it had,
 * or empty ones if it had none recorded).
 */
public record MemberEvent(long index, long time, Kind kind, PeerRecord peer) {

  public enum Kind implements WireName {
    ADDED("peer-added"),
    REMOVED("peer-removed");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    @Override
    public String wireName() {
      return wire;
    }

    static Kind parse(String text) throws MalformedDataException {
      return WireName.parse(values(), text, "member event kind");
    }
  }

  public MemberEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(peer, "peer");
  }
}
