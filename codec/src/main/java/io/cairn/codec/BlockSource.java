package io.cairn.codec;

import java.io.IOException;

/** Where blocks are read from: a blockstore, a CAR file, the network later. */
@FunctionalInterface
public interface BlockSource {
  /**
   * The bytes of the block named {@code cid}, checked against it.
   *
   * @throws BlockNotFoundException when the source does not have it
   */
  byte[] get(Cid cid) throws IOException;

  /** Resolves identity CIDs itself (their bytes are in the CID) and asks {@code source} for the rest. */
  static BlockSource withIdentity(BlockSource source) {
    return cid -> cid.isIdentity() ? cid.multihash().digest() : source.get(cid);
  }
}
