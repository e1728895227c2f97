package io.cairn.store;

import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** What every store does the same way: identity CIDs, verification on read, batching. */
abstract class AbstractStore implements Store {
  /** A batch writes out what it holds once it reaches this many bytes. */
  static final int BATCH_BYTES = 8 << 20;
  /** Groups of {@link #BATCH_BYTES} a batch may have queued for its writer thread. */
  static final int WRITES_IN_FLIGHT = 2;

  private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final String name;

  AbstractStore(String name) {
    this.name = name;
  }

  /** Raw bytes stored under the CID's multihash, or null. */
  abstract byte[] read(Cid cid) throws IOException;

  /** Writes blocks and changes (pins, metadata); {@code sync} makes all of it durable before returning. */
  abstract void write(List<Block> blocks, Changes changes, boolean sync) throws IOException;

  @Override
  public final byte[] get(Cid cid) throws IOException {
    byte[] b = getUnchecked(cid);
    if (!cid.isIdentity() && !cid.multihash().matches(b)) {
      throw new BlockMismatchException(cid,
          "stored bytes do not hash to the CID (repository damage: run 'cairn repo verify')");
    }
    return b;
  }

  @Override
  public final byte[] getUnchecked(Cid cid) throws IOException {
    if (cid.isIdentity()) {
      return cid.multihash().digest();
    }
    byte[] b = read(cid);
    if (b == null) {
      throw new BlockNotFoundException(cid, name);
    }
    return b;
  }

  @Override
  public boolean has(Cid cid) throws IOException {
    return cid.isIdentity() || read(cid) != null;
  }

  @Override
  public Optional<Integer> blockSize(Cid cid) throws IOException {
    if (cid.isIdentity()) {
      return Optional.of(cid.multihash().digestLength());
    }
    byte[] b = read(cid);
    return b == null ? Optional.empty() : Optional.of(b.length);
  }

  @Override
  public void put(Block block) throws IOException {
    try (Batch b = batch()) {
      b.put(block);
      b.commit(List.of());
    }
  }

  @Override
  public void putPin(Pin pin) throws IOException {
    write(List.of(), Changes.pins(List.of(pin)), true);
  }

  @Override
  public ReadWriteLock gcLock() {
    return gcLock;
  }

  @Override
  public Batch batch() {
    return new StoreBatch();
  }

  /**
   * A batch writes behind: every {@link #BATCH_BYTES} of blocks go to one writer thread while
   * the caller goes on making blocks, with at most {@link #WRITES_IN_FLIGHT} groups queued (so
   * memory stays bounded and a slow disk slows the caller). Groups are written in order; a
   * failed write is reported by the next {@code put} or by {@code commit}, which first waits
   * for every queued group and then writes the rest with the pins, synced.
   */
  private final class StoreBatch implements Batch {
    private List<Block> pending = new ArrayList<>();
    private long pendingBytes;
    private long blocks;
    private long bytes;
    private boolean closed;
    private java.util.concurrent.ExecutorService writer;
    private final java.util.ArrayDeque<java.util.concurrent.Future<?>> inFlight = new java.util.ArrayDeque<>();

    StoreBatch() {
      gcLock.readLock().lock();
    }

    @Override
    public void put(Block block) throws IOException {
      if (closed) {
        throw new IllegalStateException("batch already closed");
      }
      if (block.cid().isIdentity()) {
        return;
      }
      pending.add(block); // Blocks are immutable: held as they are, not copied again
      pendingBytes += block.size();
      blocks++;
      bytes += block.size();
      if (pendingBytes >= BATCH_BYTES) {
        List<Block> group = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        writeBehind(group);
      }
    }

    private void writeBehind(List<Block> group) throws IOException {
      while (inFlight.size() >= WRITES_IN_FLIGHT) {
        await(inFlight.poll());
      }
      if (writer == null) {
        writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
            .name("cairn-store-writer").unstarted(r));
      }
      inFlight.add(writer.submit(() -> {
        write(group, new Changes(), false);
        return null;
      }));
    }

    private void await(java.util.concurrent.Future<?> f) throws IOException {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while writing blocks");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IOException(e.getCause());
      }
    }

    private void drain() throws IOException {
      while (!inFlight.isEmpty()) {
        await(inFlight.poll());
      }
    }

    @Override
    public void commit(Changes changes) throws IOException {
      drain();
      write(pending, changes, true);
      pending.clear();
      pendingBytes = 0;
    }

    @Override
    public long blocks() {
      return blocks;
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          for (java.util.concurrent.Future<?> f : inFlight) {
            try {
              f.get(); // an abandoned batch still lets queued writes finish before GC may run
            } catch (java.util.concurrent.ExecutionException e) {
              // the batch failed; its blocks are unpinned and GC will take what was written
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (writer != null) {
            writer.shutdown();
          }
        } finally {
          gcLock.readLock().unlock();
        }
      }
    }
  }
}
