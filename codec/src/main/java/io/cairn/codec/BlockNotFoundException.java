package io.cairn.codec;

import java.io.IOException;

/** A block that the source asked does not hold. */
public class BlockNotFoundException extends IOException {
  private final Cid cid;

  public BlockNotFoundException(Cid cid, String where) {
    super("block " + cid + " not found in " + where);
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
