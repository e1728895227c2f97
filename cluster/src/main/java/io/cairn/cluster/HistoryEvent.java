package io.cairn.cluster;

import io.cairn.codec.MalformedDataException;
import java.util.List;
import java.util.Objects;

/**
 * One change of one CID in the audit history: the Raft log index that made it, its time
 * (epoch milliseconds, stamped by the leader, never going backwards along the log), what
 * happened, and the allocations right after it (empty after an unpin).
 */
public record HistoryEvent(long index, long time, Kind kind, List<String> allocations) {

  public enum Kind implements WireName {
    PINNED("pinned"),
    UPDATED("updated"),
    REALLOCATED("reallocated"),
    UNPINNED("unpinned");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    @Override
    public String wireName() {
      return wire;
    }

    static Kind parse(String text) throws MalformedDataException {
      return WireName.parse(values(), text, "history event kind");
    }
  }

  public HistoryEvent {
    Objects.requireNonNull(kind, "kind");
    allocations = List.copyOf(allocations);
  }
}
