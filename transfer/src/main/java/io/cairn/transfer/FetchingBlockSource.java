package io.cairn.transfer;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import java.io.IOException;

/** Local blocks first; a miss is fetched from the providers (and stored), then answered. */
final class FetchingBlockSource implements BlockSource {
  private final BlockSource local;
  private final Transfer transfer;

  FetchingBlockSource(BlockSource local, Transfer transfer) {
    this.local = local;
    this.transfer = transfer;
  }

  @Override
  public byte[] get(Cid cid) throws IOException {
    try {
      return local.get(cid);
    } catch (BlockNotFoundException e) {
      try {
        return transfer.fetchBlock(cid);
      } catch (TransferException fetchFailed) {
        BlockNotFoundException nf = new BlockNotFoundException(cid, "the store or any provider");
        nf.addSuppressed(fetchFailed);
        throw nf;
      }
    }
  }
}
