package io.cairn.transfer;

import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocks one response may still send: its root, then the links of every block accepted
 * from it. A DFS CAR keeps this to the walk's frontier (depth × fanout), not the DAG. When the
 * response ends, what is left names exactly the subtrees it did not deliver.
 */
final class Expected {
  private final Cid root;
  private final Map<Multihash, Cid> open = new LinkedHashMap<>();

  Expected(Cid root) {
    this.root = root;
    open.put(root.multihash(), root);
  }

  Cid root() {
    return root;
  }

  /** Whether {@code cid} was expected (it is no longer). */
  boolean take(Cid cid) {
    return open.remove(cid.multihash()) != null;
  }

  void addAll(List<Cid> links) {
    for (Cid l : links) {
      if (!l.isIdentity()) {
        open.putIfAbsent(l.multihash(), l);
      }
    }
  }

  /** Expected blocks not held: with {@code dups=n} a block linked twice is sent once, then held. */
  List<Cid> missing(FetchSink sink) throws IOException {
    List<Cid> out = new ArrayList<>();
    for (Cid c : open.values()) {
      if (!sink.has(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * After a failed response, every open link becomes an item: a held one is walked locally
   * (its subtree may be partial), a missing one fetched from another provider.
   */
  List<WorkItem> itemsAfterFailure(WorkItem item, int attempts, Set<Provider> avoid, boolean blockOnly) {
    if (blockOnly) {
      return List.of(item.retry(attempts, avoid));
    }
    List<WorkItem> out = new ArrayList<>();
    for (Cid c : open.values()) {
      boolean same = c.multihash().equals(item.cid().multihash());
      out.add(same ? item.retry(item.attempts() + 1, avoid) : new WorkItem(c, -1, attempts, avoid));
    }
    return out;
  }
}
