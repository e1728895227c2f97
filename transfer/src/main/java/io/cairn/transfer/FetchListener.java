package io.cairn.transfer;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;

/** Told of progress as a fetch runs (on the fetch's threads: return quickly). */
@FunctionalInterface
public interface FetchListener {
  FetchListener NONE = (cid, size, from) -> {};

  /** A verified block of {@code size} bytes from {@code from} was stored. */
  void stored(Cid cid, int size, Provider from);

  /**
   * The block itself, told right after {@link #stored} by a DAG fetch, for a listener that uses
   * the bytes as they arrive (a file written out while it is fetched); most ignore it.
   */
  default void storedBlock(Block block) {}
}
