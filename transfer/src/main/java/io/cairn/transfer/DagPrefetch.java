package io.cairn.transfer;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads a DAG while a fetch of all of it runs in the background, so that a whole file or tree
 * streams out as fast as the fetch brings it in (subtree CARs, several in flight) instead of one
 * request per missing block. A block is answered from the store, or from the fetch's blocks not
 * yet committed; a block that has not arrived is waited for. Once the fetch is over (done,
 * failed or cancelled) a block still missing is fetched alone, as {@link FetchingBlockSource}
 * does. {@link #close} cancels the fetch if it still runs; what arrived stays stored.
 */
public final class DagPrefetch implements BlockSource, AutoCloseable {
  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final BlockSource local;
  private final BlockSource afterFetch;
  private final Transfer transfer;
  private final Cid root;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Thread fetcher;
  private volatile boolean cancelled;
  private FetchSink sink;
  private boolean over;
  private Exception failure;

  DagPrefetch(Transfer transfer, Cid root, BlockSource local, FetchListener listener) {
    this.transfer = transfer;
    this.root = root;
    this.local = local;
    this.afterFetch = new FetchingBlockSource(local, transfer);
    FetchListener signalling = (cid, size, from) -> {
      listener.stored(cid, size, from);
      signal();
    };
    this.fetcher = Thread.ofVirtual().name("cairn-prefetch").start(() -> run(signalling));
  }

  private void run(FetchListener listener) {
    Exception failed = null;
    try {
      transfer.fetchInto(root, List.of(), listener, this::opened, () -> cancelled);
    } catch (IOException | RuntimeException e) {
      failed = e;
    } finally {
      lock.lock();
      try {
        over = true;
        failure = failed;
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void opened(FetchSink s) {
    lock.lock();
    try {
      sink = s;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] get(Cid cid) throws IOException {
    try {
      return local.get(cid);
    } catch (BlockNotFoundException e) {
      // not held yet: the fetch may be bringing it
    }
    lock.lock();
    try {
      while (!over) {
        if (sink != null && sink.has(cid)) {
          return sink.read(cid);
        }
        try {
          arrived.awaitNanos(WAIT_NANOS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for block " + cid);
        }
      }
    } finally {
      lock.unlock();
    }
    try {
      return afterFetch.get(cid);
    } catch (BlockNotFoundException e) {
      if (failure != null) {
        e.addSuppressed(failure); // why the DAG fetch did not bring it
      }
      throw e;
    }
  }

  /** Cancels the background fetch if it still runs and waits for it to stop (what arrived is kept). */
  @Override
  public void close() throws IOException {
    cancelled = true;
    try {
      fetcher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the fetch of " + root);
    }
  }
}
