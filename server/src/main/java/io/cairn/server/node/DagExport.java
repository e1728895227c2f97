package io.cairn.server.node;

import io.cairn.car.CarWriter;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.store.Links;
import io.cairn.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code dag export}: a DAG as a CARv1 with one root, blocks in depth-first pre-order, each block
 * once (as Kubo's, go-car's traversal writes them). A block missing from the store ends the export
 * with an error after the blocks before it were written, as Kubo does.
 */
public final class DagExport {
  private DagExport() {}

  /** Writes the CAR to {@code out} (flushed, not closed); returns the number of blocks written. */
  public static long write(Store store, Cid root, OutputStream out, LongConsumer progress) throws IOException {
    CarWriter car = CarWriter.v1(out, List.of(root));
    ArrayDeque<Cid> stack = new ArrayDeque<>();
    Set<Multihash> seen = new HashSet<>();
    stack.push(root);
    long blocks = 0;
    while (!stack.isEmpty()) {
      Cid c = stack.pop();
      if (!seen.add(c.multihash())) {
        continue;
      }
      if (!store.has(c)) {
        car.flush();
        throw new NodeException("cannot export " + root + ": block " + c + " is not in the repository");
      }
      byte[] data = store.get(c);
      car.put(Block.of(c, data));
      blocks++;
      progress.accept(data.length);
      List<Cid> links = Links.of(c, data);
      for (int i = links.size() - 1; i >= 0; i--) {
        stack.push(links.get(i));
      }
    }
    car.flush();
    return blocks;
  }
}
