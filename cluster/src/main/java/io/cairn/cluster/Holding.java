package io.cairn.cluster;

import io.cairn.codec.Cid;
import java.util.List;
import java.util.Objects;

/** One CID and the peers it was allocated to at some time (an answer of "who held what"). */
public record Holding(Cid cid, List<String> allocations) {
  public Holding {
    Objects.requireNonNull(cid, "cid");
    allocations = List.copyOf(allocations);
  }
}
