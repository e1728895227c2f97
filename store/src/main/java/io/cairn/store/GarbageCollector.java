package io.cairn.store;

import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Mark and sweep: marks every block a pin reaches (recursive pins with their whole DAG,
 * direct pins alone), then deletes the rest. Runs under the store's GC write lock, so adds in
 * progress (which hold the read lock until their pin is written) are never swept.
 */
public final class GarbageCollector {
  private GarbageCollector() {}

  /** What a collection removed, and pins whose DAGs were found incomplete. */
  public record Result(long removedBlocks, List<Multihash> removed, Set<Cid> missing) {}

  public static Result collect(Store store) throws IOException {
    Lock lock = store.gcLock().writeLock();
    lock.lock();
    try {
      Set<Multihash> marked = new HashSet<>();
      Set<Cid> missing = new HashSet<>();
      for (Pin p : store.pins()) {
        if (p.mode() == PinMode.RECURSIVE) {
          missing.addAll(DagWalk.walk(store, p.cid(), marked).missing());
        } else {
          marked.add(p.cid().multihash());
        }
      }
      List<Multihash> doomed = new ArrayList<>();
      store.forEachKey(mh -> {
        if (!marked.contains(mh)) {
          doomed.add(mh);
        }
      });
      for (Multihash mh : doomed) {
        store.delete(mh);
      }
      if (!doomed.isEmpty()) {
        store.compact();
      }
      return new Result(doomed.size(), doomed, missing);
    } finally {
      lock.unlock();
    }
  }
}
