package io.cairn.transfer;

import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbLink;
import io.cairn.store.Links;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A subtree still to fetch, named by its root. Items are roots, never block lists, so the work
 * queue stays small whatever the DAG's size.
 *
 * @param size the subtree's size as its parent's link gives it (DAG-PB Tsize), -1 when unknown
 * @param attempts failed attempts at this root so far (without progress)
 * @param avoid providers that already failed it (asked again only when no other is left)
 */
record WorkItem(Cid cid, long size, int attempts, Set<Provider> avoid) {
  static WorkItem of(Cid cid) {
    return new WorkItem(cid, -1, 0, Set.of());
  }

  /** The subtrees below a block: one item per link, with the link's Tsize when it has one. */
  static List<WorkItem> children(Cid cid, byte[] data) throws MalformedDataException {
    List<WorkItem> out = new ArrayList<>();
    if (cid.codec().equals(Multicodec.DAG_PB)) {
      for (PbLink l : DagPb.decode(data).links()) {
        out.add(new WorkItem(l.hash(), l.tsize().orElse(-1), 0, Set.of()));
      }
      return out;
    }
    for (Cid link : Links.of(cid, data)) {
      out.add(of(link));
    }
    return out;
  }

  WorkItem retry(int attemptsNow, Set<Provider> avoidNow) {
    return new WorkItem(cid, size, attemptsNow, avoidNow);
  }
}
