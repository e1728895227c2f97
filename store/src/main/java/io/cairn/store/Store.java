package io.cairn.store;

import io.cairn.codec.Block;
import io.cairn.codec.BlockSink;
import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Consumer;

/**
 * Blocks and pins of one node. Blocks are keyed by multihash; {@link #get} checks the bytes
 * against the CID asked for, {@link #getUnchecked} trusts them (Kubo's
 * {@code Datastore.HashOnRead=false}). Writes that must be durable together go through a
 * {@link Batch}.
 */
public interface Store extends BlockSource, Closeable {
  /** Whether the block is held (identity CIDs always are). */
  boolean has(Cid cid) throws IOException;

  /** The block's size in bytes, if held. */
  Optional<Integer> blockSize(Cid cid) throws IOException;

  /** Stores one block, durably. */
  void put(Block block) throws IOException;

  /** Removes a block (pins are not consulted); true if it was there. */
  boolean delete(Multihash multihash) throws IOException;

  /** Calls {@code action} with the multihash of every stored block. */
  void forEachKey(Consumer<Multihash> action) throws IOException;

  /** Starts an atomic group of writes; hold it open for the whole add (GC waits for it). */
  Batch batch() throws IOException;

  Optional<Pin> pin(Cid cid) throws IOException;

  List<Pin> pins() throws IOException;

  /** Adds or replaces a pin, durably. */
  void putPin(Pin pin) throws IOException;

  /** Removes a pin; true if it was there. */
  boolean removePin(Cid cid) throws IOException;

  /**
   * The metadata value under {@code key}, if any. Metadata is a small key-value space next to
   * the blocks and pins for the node's own records, written only through
   * {@link Batch#commit(Changes)} so that it changes atomically with pins.
   */
  Optional<byte[]> meta(byte[] key) throws IOException;

  /** Calls {@code action} with every metadata entry whose key starts with {@code prefix}, in key-byte order. */
  void forEachMeta(byte[] prefix, java.util.function.BiConsumer<byte[], byte[]> action) throws IOException;

  /** Gives back the space of deleted blocks, where the storage needs a pass for that. */
  default void compact() throws IOException {}

  /** Held for reading by every batch, for writing by GC: GC never sweeps a running add's blocks. */
  ReadWriteLock gcLock();

  /**
   * Blocks written together: they are streamed out as the batch fills (a crash may leave
   * some, unpinned) and {@link #commit} writes the rest with the given pins in one synced,
   * atomic write, so a pin never exists without its blocks.
   */
  interface Batch extends BlockSink, Closeable {
    @Override
    void put(Block block) throws IOException;

    default void commit(List<Pin> pins) throws IOException {
      commit(Changes.pins(pins));
    }

    /** Writes the remaining blocks with the pins, unpins and metadata of {@code changes}: one synced, atomic write. */
    void commit(Changes changes) throws IOException;

    /** Blocks put into this batch so far. */
    long blocks();

    /** Bytes of block data put into this batch so far. */
    long bytes();
  }

  /**
   * Reads a block by CID, hashing its bytes to check them against the CID; identity CIDs are
   * answered from the CID.
   *
   * @throws io.cairn.codec.BlockNotFoundException when the block is not held
   * @throws io.cairn.codec.BlockMismatchException when the stored bytes do not hash to the CID
   */
  @Override
  byte[] get(Cid cid) throws IOException;

  /**
   * Reads a block by CID without hashing it: the bytes are trusted to be what was checked when
   * they were stored, as Kubo reads unless {@code Datastore.HashOnRead} is set. For readers
   * whose clients verify anyway (the trustless gateway) or that accept the risk of a damaged
   * disk for speed; {@code repo verify} finds such damage.
   *
   * @throws io.cairn.codec.BlockNotFoundException when the block is not held
   */
  byte[] getUnchecked(Cid cid) throws IOException;

  /** This store's reads as a {@link BlockSource}: checked by hashing when {@code hashOnRead}, else trusted. */
  default BlockSource reads(boolean hashOnRead) {
    return hashOnRead ? this : this::getUnchecked;
  }
}
