package io.cairn.store;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Depth-first walks over DAGs in a store, each block visited once. Raw blocks (which link to
 * nothing) are not read: the index gives their size, so walking a large file's DAG reads only
 * its few internal nodes.
 */
public final class DagWalk {
  private DagWalk() {}

  /** What a walk found. */
  public record Result(long blocks, long bytes, Set<Cid> missing) {
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /** Told of each block a walk reaches, in depth-first pre-order, with its size. */
  @FunctionalInterface
  public interface Visitor {
    void visit(Cid cid, int size) throws IOException;
  }

  /**
   * Visits every block reachable from {@code root}, adding each multihash to {@code seen}
   * (blocks already there are not walked again). Missing blocks are collected, not thrown.
   */
  public static Result walk(Store store, Cid root, Set<Multihash> seen) throws IOException {
    return walk(store, root, seen, (cid, size) -> {});
  }

  /** {@link #walk(Store, Cid, Set)}, telling {@code visitor} of every block read. */
  public static Result walk(Store store, Cid root, Set<Multihash> seen, Visitor visitor) throws IOException {
    ArrayDeque<Cid> stack = new ArrayDeque<>();
    stack.push(root);
    long blocks = 0;
    long bytes = 0;
    Set<Cid> missing = new HashSet<>();
    while (!stack.isEmpty()) {
      Cid c = stack.pop();
      if (!seen.add(c.multihash())) {
        continue;
      }
      if (c.codec().equals(Multicodec.RAW)) { // links to nothing: its size is enough, from the index
        java.util.Optional<Integer> size = store.blockSize(c);
        if (size.isEmpty()) {
          missing.add(c);
          seen.remove(c.multihash());
          continue;
        }
        blocks++;
        bytes += size.get();
        visitor.visit(c, size.get());
        continue;
      }
      byte[] data;
      try {
        data = store.get(c);
      } catch (BlockNotFoundException e) {
        missing.add(c);
        seen.remove(c.multihash());
        continue;
      }
      blocks++;
      bytes += data.length;
      visitor.visit(c, data.length);
      var links = Links.of(c, data);
      for (int i = links.size() - 1; i >= 0; i--) {
        stack.push(links.get(i));
      }
    }
    return new Result(blocks, bytes, missing);
  }
}
