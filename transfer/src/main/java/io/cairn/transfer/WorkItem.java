package io.cairn.transfer;

import io.cairn.codec.Cid;
import java.util.Set;

/**
 * A subtree still to fetch, named by its root. Items are roots, never block lists, so the work
 * queue stays small whatever the DAG's size.
 *
 * @param attempts failed attempts at this root so far (without progress)
 * @param avoid providers that already failed it (asked again only when no other is left)
 */
record WorkItem(Cid cid, int attempts, Set<Provider> avoid) {
  static WorkItem of(Cid cid) {
    return new WorkItem(cid, 0, Set.of());
  }
}
