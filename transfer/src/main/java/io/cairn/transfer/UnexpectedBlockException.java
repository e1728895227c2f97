package io.cairn.transfer;

import io.cairn.codec.Cid;

/** A response held a block that verifies but that the DAG being fetched does not need there. */
public class UnexpectedBlockException extends ProviderException {
  private final Cid cid;

  public UnexpectedBlockException(Provider provider, Cid cid, Cid root) {
    super(provider, "sent block " + cid + ", which is neither " + root
        + " nor a link of a block already received in this response");
    this.cid = cid;
  }

  public Cid cid() {
    return cid;
  }
}
