package io.cairn.unixfs;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;

/**
 * Cuts a stream into fixed-size chunks and turns each into a leaf block, hashing up to
 * {@code window} leaves at once on the executor while the caller reads on. Leaves come out
 * in stream order; at most {@code window} chunks are held, so memory is bounded whatever the
 * file size. An empty stream gives one empty leaf, or none when {@code leafForEmptyStream}
 * is false (Kubo's trickle builder makes no leaf for an empty file).
 */
final class LeafSource {
  private final InputStream in;
  private final NodeWriter writer;
  private final UnixfsType leafType;
  private final Executor executor;
  private final int window;
  private final ArrayDeque<FutureTask<Leaf>> pending = new ArrayDeque<>();
  /**
   * Chunk arrays ready for reuse. Recycling them keeps the heap from growing through a large
   * file (fresh arrays cost page faults, which showed as half the time of an add).
   */
  private final ConcurrentLinkedQueue<byte[]> pool = new ConcurrentLinkedQueue<>();
  private final boolean leafForEmptyStream;
  private boolean eof;
  private boolean producedAny;
  /** Bytes left in the stream when its length is known, else -1. */
  private long remaining;

  /**
   * A leaf whose block has been built and named but not yet stored. {@code recyclable} is the
   * chunk array to return to the pool once the block is stored (null when not pooled).
   */
  record Leaf(Cid cid, byte[] block, int contentSize, byte[] recyclable) {
    ImportedNode node() {
      return new ImportedNode(cid, block.length, contentSize);
    }
  }

  LeafSource(InputStream in, NodeWriter writer, UnixfsType leafType, boolean leafForEmptyStream,
      Executor executor, int window) {
    this(in, writer, leafType, leafForEmptyStream, executor, window, -1);
  }

  LeafSource(InputStream in, NodeWriter writer, UnixfsType leafType, boolean leafForEmptyStream,
      Executor executor, int window, long length) {
    this.remaining = length;
    this.in = in;
    this.leafForEmptyStream = leafForEmptyStream;
    this.writer = writer;
    this.leafType = leafType;
    this.executor = executor;
    this.window = Math.max(1, window);
  }

  /** The next leaf in stream order, stored; null at the end. */
  ImportedNode next() throws IOException {
    Leaf leaf = nextUnstored();
    if (leaf == null) {
      return null;
    }
    store(leaf);
    return leaf.node();
  }

  /** Stores a leaf from {@link #nextUnstored} and recycles its chunk array. */
  void store(Leaf leaf) throws IOException {
    writer.put(leaf.cid(), leaf.block()); // the sink copies what it keeps
    recycle(leaf.recyclable());
  }

  private void recycle(byte[] chunk) {
    if (chunk != null && pool.size() <= window + 2) {
      pool.offer(chunk);
    }
  }

  /** The next leaf, not yet stored (the caller stores it or replaces it); null at the end. */
  Leaf nextUnstored() throws IOException {
    fill();
    FutureTask<Leaf> task = pending.poll();
    return task == null ? null : await(task);
  }

  /** True when every leaf has been handed out. */
  boolean done() throws IOException {
    fill();
    return pending.isEmpty();
  }

  private void fill() throws IOException {
    while (!eof && pending.size() < window) {
      byte[] chunk = readChunk();
      if (chunk.length == 0) {
        eof = true;
        if (producedAny || !leafForEmptyStream) {
          break;
        }
      } else if (chunk.length < writer.options().chunkSize()) {
        eof = true;
      }
      boolean onlyChunk = !producedAny && eof;
      producedAny = true;
      FutureTask<Leaf> task = new FutureTask<>(() -> makeLeaf(chunk));
      pending.add(task);
      if (onlyChunk) {
        task.run(); // a one-chunk file: handing it to another thread costs more than it saves
      } else {
        executor.execute(task);
      }
    }
  }

  /** Reads a full chunk (shorter only at the end), with large reads straight into the array. */
  private byte[] readChunk() throws IOException {
    int size = writer.options().chunkSize();
    if (remaining >= 0 && remaining < size) {
      byte[] last = in.readNBytes((int) remaining); // the known tail: no chunk-sized array for a small file
      remaining -= last.length;
      return last;
    }
    byte[] chunk = pool.poll();
    if (chunk == null) {
      chunk = new byte[size];
    }
    int n = in.readNBytes(chunk, 0, size);
    if (remaining >= 0) {
      remaining -= n;
    }
    return n == size ? chunk : java.util.Arrays.copyOf(chunk, n);
  }

  private Leaf makeLeaf(byte[] chunk) {
    byte[] block;
    Multicodec codec;
    byte[] recyclable = chunk.length == writer.options().chunkSize() ? chunk : null;
    if (writer.options().rawLeaves()) {
      block = chunk;
      codec = Multicodec.RAW;
    } else {
      block = dagPbLeaf(leafType, chunk);
      codec = Multicodec.DAG_PB;
      recycle(recyclable); // copied into the node
      recyclable = null;
    }
    return new Leaf(writer.cidFor(codec, block), block, chunk.length, recyclable);
  }

  /**
   * The DAG-PB leaf for a chunk, written in one pass into an array of the exact size (the
   * general encoders would copy the chunk five times):
   *
   * <pre>
   * 0a varint(m) ‖ [ 08 type ‖ 12 varint(n) chunk ‖ 18 varint(n) ]     (m = the bracket's length;
   *                            no Data field when n = 0)
   * </pre>
   *
   * The same bytes as {@code DagPb.encode(PbNode(no links, UnixfsData{type, chunk, filesize n}))},
   * which LeafSourceTest checks.
   */
  static byte[] dagPbLeaf(UnixfsType type, byte[] chunk) {
    int n = chunk.length;
    int inner = 2 + (n > 0 ? 1 + Varint.size(n) + n : 0) + 1 + Varint.size(n);
    byte[] out = new byte[1 + Varint.size(inner) + inner];
    out[0] = 0x0a;
    int p = Varint.write(inner, out, 1);
    out[p++] = 0x08;
    out[p++] = (byte) type.code();
    if (n > 0) {
      out[p++] = 0x12;
      p = Varint.write(n, out, p);
      System.arraycopy(chunk, 0, out, p, n);
      p += n;
    }
    out[p++] = 0x18;
    Varint.write(n, out, p);
    return out;
  }

  private static Leaf await(FutureTask<Leaf> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("import interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      } else if (c instanceof RuntimeException r) {
        throw r;
      } else if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }
}
