package io.cairn.transfer;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.codec.PbNode;
import io.cairn.store.Store;
import io.cairn.unixfs.UnixfsData;
import io.cairn.unixfs.UnixfsType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Writes a UnixFS file's bytes at their offsets in a file as the fetch's verified blocks arrive,
 * in whatever order the requests bring them, so a fetched file is not read back from the store
 * to be written out. A file node says where its children's bytes go (its own data first, then
 * each child by its blocksize), so a child's offset is known once its parent has arrived — a
 * CAR sends a parent before its children. Held here: the offsets of blocks expected and not yet
 * arrived (the fetch's frontier), never block bytes.
 *
 * <p>Blocks the store already holds do not arrive; they are placed from the store when their
 * parent names them. What it cannot place it leaves to the caller, who then writes the file the
 * ordinary way from the store: a block that arrived before another parent named it again (a leaf
 * repeated across subtrees), and a DAG whose sizes disagree (the ordinary reader reports that).
 * {@link #complete} says whether every byte was placed.
 */
final class FilePlacement implements FetchListener {
  /** Where one expected block's bytes go, and how many its parent says there are (-1: the root, unknown). */
  private record Slot(long offset, long size) {}

  private final Store store;
  private final FileChannel out;
  private final Map<Multihash, List<Slot>> waiting = new HashMap<>();
  private final AtomicLong placed = new AtomicLong();
  private final FetchListener next;
  private final LongConsumer written;
  /**
   * One write into the file at a time. The filesystem takes the file's lock for each write
   * anyway (ext4 does), and a thread waiting for it there spins on the CPU while the holder
   * copies: in bench/fetch's loopback case that spinning cost ≈ 3 % of the fetching daemon's
   * CPU when page-cache writes were slow. Waiting here parks the thread instead.
   */
  private final ReentrantLock writing = new ReentrantLock();
  private volatile String gaveUp;

  /**
   * Places at once what {@code store} holds of the file; the rest is placed as it arrives.
   * {@code next} hears of every block as the fetch tells it; {@code written} of every run of
   * file bytes written.
   */
  FilePlacement(Cid root, Store store, FileChannel out, FetchListener next, LongConsumer written) {
    this.store = store;
    this.out = out;
    this.next = next;
    this.written = written;
    expect(root, new Slot(0, -1));
  }

  @Override
  public void stored(Cid cid, int size, Provider from) {
    next.stored(cid, size, from);
  }

  @Override
  public void storedBlock(Block block) {
    next.storedBlock(block);
    List<Slot> slots;
    synchronized (this) {
      slots = waiting.remove(block.cid().multihash());
    }
    if (slots == null || gaveUp != null) {
      return;
    }
    try {
      for (Slot s : slots) {
        place(block.cid(), block, s);
      }
    } catch (IOException | RuntimeException e) {
      giveUp(block.cid() + ": " + e.getMessage());
    }
  }

  /** File bytes written so far. */
  long placed() {
    return placed.get();
  }

  /** Whether every byte of a file of {@code size} bytes was written. */
  synchronized boolean complete(long size) {
    return gaveUp == null && waiting.isEmpty() && placed.get() == size;
  }

  /** Why placing stopped, or null. */
  String gaveUp() {
    return gaveUp;
  }

  private void expect(Cid cid, Slot slot) {
    if (cid.isIdentity()) {
      // never fetched: its bytes are in the CID
      try {
        place(cid, Block.verified(cid, cid.multihash().digest()), slot);
      } catch (IOException | RuntimeException e) {
        giveUp(cid + ": " + e.getMessage());
      }
      return;
    }
    synchronized (this) {
      waiting.computeIfAbsent(cid.multihash(), k -> new ArrayList<>(1)).add(slot);
    }
    // Held already (a resumed fetch, or a block fetched on its own, such as the root): it will not
    // arrive, so it is placed from the store. Registered first, so that of this and an arrival at
    // the same moment, whichever takes the slots places them.
    try {
      if (store.has(cid)) {
        List<Slot> slots;
        synchronized (this) {
          slots = waiting.remove(cid.multihash());
        }
        if (slots != null) {
          Block held = Block.of(cid, store.getUnchecked(cid));
          for (Slot s : slots) {
            place(cid, held, s);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      giveUp(cid + ": " + e.getMessage());
    }
  }

  private void place(Cid cid, Block block, Slot slot) throws IOException {
    if (cid.codec().equals(Multicodec.RAW)) {
      if (slot.size() >= 0 && block.size() != slot.size()) {
        throw new MalformedDataException("UnixFS file", slot.offset(),
            "a leaf of " + block.size() + " bytes where its parent says " + slot.size());
      }
      write(block.asByteBuffer(), slot.offset());
      return;
    }
    if (!cid.codec().equals(Multicodec.DAG_PB)) {
      throw new MalformedDataException("UnixFS file", slot.offset(), "a " + cid.codec() + " block inside a file");
    }
    PbNode node = DagPb.decode(block.data());
    UnixfsData d = UnixfsData.decode(node.data().orElseThrow(
        () -> new MalformedDataException("UnixFS file", slot.offset(), "a node without UnixFS data")));
    if (d.type() != UnixfsType.FILE && d.type() != UnixfsType.RAW) {
      throw new MalformedDataException("UnixFS file", slot.offset(), "a " + d.type() + " node inside a file");
    }
    if (slot.size() >= 0 && d.fileSize() != slot.size()) {
      throw new MalformedDataException("UnixFS file", slot.offset(),
          "a node of " + d.fileSize() + " bytes where its parent says " + slot.size());
    }
    if (d.blocksizeCount() != node.links().size()) {
      throw new MalformedDataException("UnixFS.Data.blocksizes", slot.offset(),
          d.blocksizeCount() + " blocksizes for " + node.links().size() + " links");
    }
    long at = slot.offset();
    if (d.dataLength() > 0) {
      write(ByteBuffer.wrap(d.data()), at);
      at += d.dataLength();
    }
    for (int i = 0; i < d.blocksizeCount(); i++) {
      expect(node.links().get(i).hash(), new Slot(at, d.blocksize(i)));
      at += d.blocksize(i);
    }
    if (at - slot.offset() != d.fileSize()) {
      throw new MalformedDataException("UnixFS file", slot.offset(),
          "data and blocksizes add up to " + (at - slot.offset()) + " bytes, the node says " + d.fileSize());
    }
  }

  private void write(ByteBuffer bytes, long offset) throws IOException {
    long at = offset;
    int n = bytes.remaining();
    writing.lock();
    try {
      while (bytes.hasRemaining()) {
        at += out.write(bytes, at);
      }
    } finally {
      writing.unlock();
    }
    placed.addAndGet(n);
    written.accept(n);
  }

  private synchronized void giveUp(String why) {
    if (gaveUp == null) {
      gaveUp = why;
    }
    waiting.clear(); // nothing more is placed; the caller writes the file from the store
  }
}
