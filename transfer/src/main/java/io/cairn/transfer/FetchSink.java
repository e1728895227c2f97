package io.cairn.transfer;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.store.Pin;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a fetch puts verified blocks: one store batch shared by the fetch's threads. A batch's
 * blocks are not readable until written, so the ones put since the last commit are kept here
 * too; every {@link #COMMIT_BYTES} the batch is committed (no pins), which bounds that memory
 * and makes what was received durable, so an interrupted fetch resumes from it.
 */
final class FetchSink implements AutoCloseable {
  static final long COMMIT_BYTES = 32L << 20;

  private final Store store;
  private final Store.Batch batch;
  private final Map<Multihash, Block> uncommitted = new HashMap<>();
  private long uncommittedBytes;

  FetchSink(Store store) throws IOException {
    this.store = store;
    this.batch = store.batch();
  }

  synchronized boolean has(Cid cid) throws IOException {
    return cid.isIdentity() || uncommitted.containsKey(cid.multihash()) || store.has(cid);
  }

  /** The bytes of a held block (trusted: everything here was verified when it arrived). */
  synchronized byte[] read(Cid cid) throws IOException {
    Block b = uncommitted.get(cid.multihash());
    return b != null ? b.data() : store.getUnchecked(cid);
  }

  /** Stores a verified block; false when it was already held (nothing written). */
  synchronized boolean put(Block block) throws IOException {
    if (has(block.cid())) {
      return false;
    }
    batch.put(block);
    uncommitted.put(block.cid().multihash(), block);
    uncommittedBytes += block.size();
    if (uncommittedBytes >= COMMIT_BYTES) {
      batch.commit(List.of());
      uncommitted.clear();
      uncommittedBytes = 0;
    }
    return true;
  }

  /** Makes everything received durable, with {@code pins} in the same atomic write. */
  synchronized void commit(List<Pin> pins) throws IOException {
    batch.commit(pins);
    uncommitted.clear();
    uncommittedBytes = 0;
  }

  @Override
  public synchronized void close() throws IOException {
    batch.close();
  }
}
