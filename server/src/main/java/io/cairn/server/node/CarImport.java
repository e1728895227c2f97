package io.cairn.server.node;

import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * {@code dag import} of one CAR file, in two passes: the first reads the whole CAR and checks
 * every block against its CID, so a CAR with one bad block stores nothing; the second stores the
 * blocks in one batch. Roots are pinned afterwards ({@link #pinRoots}), once every CAR of the
 * import is in, so a DAG may span several CARs.
 */
public final class CarImport {
  private static final int BUFFER = 1 << 16;

  private CarImport() {}

  /** What one CAR brought: its header's roots and the blocks and bytes stored. */
  public record Result(List<Cid> roots, long blocks, long bytes) {}

  /** How pinning one root went: {@code error} is empty on success. */
  public record RootPin(Cid root, String error) {
    public boolean pinned() {
      return error.isEmpty();
    }
  }

  /** Verifies, then stores, the CAR at {@code car}; {@code label} names it in errors. */
  public static Result importFile(Store store, Path car, String label, LongConsumer progress) throws IOException {
    verify(car, label);
    return storeBlocks(store, car, progress);
  }

  /** The first pass: any bad block stops the import before anything is stored. */
  public static void verify(Path car, String label) throws IOException {
    try (CarReader r = CarReader.open(open(car))) {
      while (r.next() != null) {
        // each block is hashed against its CID as it is read
      }
    } catch (MalformedDataException e) {
      throw new NodeException(label + " was not imported (nothing from it was stored): " + e.getMessage());
    }
  }

  private static Result storeBlocks(Store store, Path car, LongConsumer progress) throws IOException {
    try (Store.Batch batch = store.batch(); CarReader r = CarReader.open(open(car))) {
      Block b;
      while ((b = r.next()) != null) {
        batch.put(b);
        progress.accept(b.size());
      }
      batch.commit(List.of());
      return new Result(List.copyOf(r.roots()), batch.blocks(), batch.bytes());
    }
  }

  private static InputStream open(Path car) throws IOException {
    return new BufferedInputStream(Files.newInputStream(car), BUFFER);
  }

  /**
   * Pins each root recursively when its whole DAG is in the store; a root with missing blocks is
   * left unpinned and reported.
   */
  public static List<RootPin> pinRoots(Store store, List<Cid> roots) throws IOException {
    List<RootPin> out = new ArrayList<>(roots.size());
    for (Cid root : roots) {
      DagWalk.Result w = DagWalk.walk(store, root, new HashSet<>());
      if (!w.complete()) {
        out.add(new RootPin(root, w.missing().size() + " of its blocks are missing"));
        continue;
      }
      store.putPin(new Pin(root, PinMode.RECURSIVE, ""));
      out.add(new RootPin(root, ""));
    }
    return out;
  }
}
