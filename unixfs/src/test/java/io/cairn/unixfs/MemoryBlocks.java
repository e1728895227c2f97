package io.cairn.unixfs;

import io.cairn.codec.Block;
import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSink;
import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import java.util.HashMap;
import java.util.Map;

/** Blocks kept in a map, for tests: a sink to import into and a source to export from. */
final class MemoryBlocks implements BlockSink, BlockSource {
  final Map<Cid, byte[]> blocks = new HashMap<>();
  int gets;

  @Override
  public void put(Block block) {
    blocks.put(block.cid(), block.data());
  }

  @Override
  public byte[] get(Cid cid) throws BlockNotFoundException {
    gets++;
    byte[] b = blocks.get(cid);
    if (b == null) {
      throw new BlockNotFoundException(cid, "memory");
    }
    return b.clone();
  }
}
