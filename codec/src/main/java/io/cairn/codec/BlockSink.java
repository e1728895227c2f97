package io.cairn.codec;

import java.io.IOException;

/** Where produced blocks go: a blockstore, a CAR writer, or nowhere ({@link #DISCARD}). */
@FunctionalInterface
public interface BlockSink {
  /** Drops every block: for computing CIDs only (`add --only-hash`). */
  BlockSink DISCARD = block -> {};

  void put(Block block) throws IOException;
}
