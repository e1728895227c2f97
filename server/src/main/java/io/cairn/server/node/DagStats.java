package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code dag stat}: blocks and bytes of DAGs, as Kubo counts them. Each root's DAG is walked
 * depth-first with duplicates skipped, giving its {@code Size} and {@code NumBlocks}; across
 * several roots, blocks they share count once in {@code TotalSize} and {@code UniqueBlocks},
 * and {@code SharedSize}/{@code Ratio} tell how much they share.
 */
public final class DagStats {
  private DagStats() {}

  /** One root's DAG. */
  public record RootStat(Cid cid, long size, long blocks) {}

  /** The whole answer; {@code redundantSize} is the sum of every root's size. */
  public record Summary(List<RootStat> roots, long uniqueBlocks, long totalSize, long redundantSize) {
    public long sharedSize() {
      return redundantSize - totalSize;
    }

    /** Kubo's ratio: redundant bytes over unique bytes (1 when nothing is shared). */
    public double ratio() {
      return totalSize == 0 ? 0 : (double) redundantSize / totalSize;
    }
  }

  /** Told of the running totals while the walk goes on. */
  public interface Progress {
    void update(Summary sofar) throws IOException;
  }

  public static Summary of(Store store, List<Cid> roots) throws IOException {
    return of(store, roots, Long.MAX_VALUE, s -> {});
  }

  /**
   * Walks every root, telling {@code progress} the totals after every {@code every} blocks.
   *
   * @throws NodeException when a DAG has blocks missing from the store
   */
  public static Summary of(Store store, List<Cid> roots, long every, Progress progress) throws IOException {
    Set<Multihash> unique = new HashSet<>();
    List<RootStat> done = new ArrayList<>();
    long[] visited = {0};
    long[] total = {0};
    long[] redundant = {0};
    for (Cid root : roots) {
      long[] size = {0};
      long[] blocks = {0};
      DagWalk.Result r = DagWalk.walk(store, root, new HashSet<>(), (c, bytes) -> {
        size[0] += bytes;
        blocks[0]++;
        redundant[0] += bytes;
        if (unique.add(c.multihash())) {
          total[0] += bytes;
        }
        if (++visited[0] % every == 0) {
          List<RootStat> sofar = new ArrayList<>(done);
          sofar.add(new RootStat(root, size[0], blocks[0]));
          progress.update(new Summary(sofar, unique.size(), total[0], redundant[0]));
        }
      });
      if (!r.complete()) {
        throw new NodeException(root + " is incomplete: " + r.missing().size() + " blocks are missing (e.g. "
            + r.missing().iterator().next() + ")");
      }
      done.add(new RootStat(root, size[0], blocks[0]));
    }
    return new Summary(done, unique.size(), total[0], redundant[0]);
  }
}
