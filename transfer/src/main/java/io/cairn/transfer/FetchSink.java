package io.cairn.transfer;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.Pin;
import io.cairn.store.Store;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Where a fetch puts verified blocks, shared by the fetch's threads. Blocks go into a store
 * batch; every {@link #COMMIT_BYTES} the full batch is handed to a committer thread and a fresh
 * one takes the next blocks, so the fetch goes on while the disk syncs (at most one commit in
 * flight: a disk slower than the network slows the fetch). A batch's blocks are not readable
 * from the store until committed, so they are kept here until then, which bounds memory at
 * about two batches; each commit makes what was received durable, so an interrupted fetch
 * resumes from it. Every batch is made, committed and closed on the committer thread (a batch
 * holds the store's GC read lock of the thread that made it).
 */
final class FetchSink implements AutoCloseable {
  static final long COMMIT_BYTES = 32L << 20;

  private final Store store;
  /** Whether the bytes of blocks without links are kept until committed (for a reader of the DAG as it arrives). */
  private final boolean keepLeaves;
  private final ExecutorService committer = Executors.newSingleThreadExecutor(
      r -> Thread.ofPlatform().daemon().name("cairn-fetch-commit").unstarted(r));
  private Store.Batch batch;
  private Map<Multihash, Block> uncommitted = new HashMap<>();
  private long uncommittedBytes;
  /** The blocks of the batch being committed (readable here until the next rotation). */
  private Map<Multihash, Block> committing = Map.of();
  private Future<Void> inCommit;

  FetchSink(Store store) throws IOException {
    this(store, true);
  }

  /**
   * With {@code keepLeaves} false, only blocks with links (file and directory nodes, which the
   * fetch walks) are kept in memory until committed; leaves are only noted, so a fetch nobody
   * reads while it runs holds less than a batch of block bytes (the store's own write-behind),
   * and they die young. {@link #read} of such a leaf waits for its commit.
   */
  FetchSink(Store store, boolean keepLeaves) throws IOException {
    this.store = store;
    this.keepLeaves = keepLeaves;
    try {
      this.batch = onCommitter(store::batch);
    } catch (IOException | RuntimeException e) {
      committer.shutdown();
      throw e;
    }
  }

  synchronized boolean has(Cid cid) throws IOException {
    Multihash mh = cid.multihash();
    return cid.isIdentity() || uncommitted.containsKey(mh) || committing.containsKey(mh) || store.has(cid);
  }

  /**
   * The bytes of a held block (trusted: everything here was verified when it arrived). A leaf not
   * kept ({@code keepLeaves} false) is read from the store once committed.
   */
  synchronized byte[] read(Cid cid) throws IOException {
    Block b = uncommitted.get(cid.multihash());
    if (b == null) {
      b = committing.get(cid.multihash());
    }
    if (b == null && (uncommitted.containsKey(cid.multihash()) || committing.containsKey(cid.multihash()))) {
      if (uncommitted.containsKey(cid.multihash())) {
        rotate(); // a leaf not kept: committed now, to be read from the store
      }
      awaitCommit();
    }
    return b != null ? b.data() : store.getUnchecked(cid);
  }

  /** Stores a verified block; false when it was already held (nothing written). */
  synchronized boolean put(Block block) throws IOException {
    if (has(block.cid())) {
      return false;
    }
    batch.put(block);
    boolean leaf = block.cid().codec().equals(Multicodec.RAW);
    uncommitted.put(block.cid().multihash(), keepLeaves || !leaf ? block : null);
    uncommittedBytes += block.size();
    if (uncommittedBytes >= COMMIT_BYTES) {
      rotate();
    }
    return true;
  }

  /** Hands the full batch to the committer and starts a fresh one. */
  private void rotate() throws IOException {
    awaitCommit();
    Store.Batch full = batch;
    batch = onCommitter(store::batch);
    committing = uncommitted;
    uncommitted = new HashMap<>();
    uncommittedBytes = 0;
    inCommit = committer.submit(() -> {
      try (full) {
        full.commit(List.of());
      }
      return null;
    });
  }

  private void awaitCommit() throws IOException {
    if (inCommit != null) {
      Future<Void> f = inCommit;
      inCommit = null;
      await(f);
      committing = Map.of();
    }
  }

  /** Makes everything received durable, with {@code pins} in the same atomic write. */
  synchronized void commit(List<Pin> pins) throws IOException {
    awaitCommit();
    onCommitter(() -> {
      batch.commit(pins);
      return null;
    });
    uncommitted.clear();
    uncommittedBytes = 0;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (inCommit != null) {
        try {
          awaitCommit();
        } catch (IOException e) {
          // the batch failed; its blocks are unpinned and GC will take what was written
        }
      }
      onCommitter(() -> {
        batch.close();
        return null;
      });
    } finally {
      committer.shutdown();
    }
  }

  private <T> T onCommitter(Callable<T> work) throws IOException {
    return await(committer.submit(work));
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while storing fetched blocks");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }
}
