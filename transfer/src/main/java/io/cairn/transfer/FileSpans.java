package io.cairn.transfer;

import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbNode;
import io.cairn.store.Store;
import io.cairn.unixfs.UnixfsData;
import java.io.IOException;
import java.util.ArrayDeque;

/** Which blocks of a UnixFS file hold a byte range, by the file nodes' blocksizes. */
final class FileSpans {
  private FileSpans() {}

  /** Receives a child of a file node whose bytes overlap the range, with its first byte's offset. */
  @FunctionalInterface
  interface Child {
    void accept(Cid child, long offset);
  }

  /**
   * The children of the file node {@code cid} (its first byte at {@code offset} in the file) whose
   * bytes overlap {@code from}–{@code last} (inclusive).
   */
  static void overlapping(Cid cid, byte[] block, long offset, long from, long last, Child out)
      throws MalformedDataException {
    PbNode node = DagPb.decode(block);
    UnixfsData data = UnixfsData.decode(node.data().orElseThrow(
        () -> new MalformedDataException("file node " + cid, 0, "has no UnixFS data")));
    long start = offset + data.dataLength();
    int n = Math.min(node.links().size(), data.blocksizeCount());
    for (int i = 0; i < n; i++) {
      long end = start + data.blocksize(i); // exclusive
      if (end > from && start <= last) {
        out.accept(node.links().get(i).hash(), start);
      }
      start = end;
    }
  }

  /** Whether {@code store} holds every block of bytes {@code from}–{@code last} of {@code file}. */
  static boolean held(Store store, Cid file, long from, long last) throws IOException {
    record At(Cid cid, long offset) {}
    ArrayDeque<At> todo = new ArrayDeque<>();
    todo.push(new At(file, 0));
    while (!todo.isEmpty()) {
      At next = todo.pop();
      if (next.cid().isIdentity()) {
        continue;
      }
      if (!store.has(next.cid())) {
        return false;
      }
      if (next.cid().codec().equals(Multicodec.DAG_PB)) {
        overlapping(next.cid(), store.getUnchecked(next.cid()), next.offset(), from, last,
            (child, offset) -> todo.push(new At(child, offset)));
      }
    }
    return true;
  }
}
