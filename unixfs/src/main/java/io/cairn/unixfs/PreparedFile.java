package io.cairn.unixfs;

import io.cairn.codec.Block;
import java.util.List;

/**
 * A file imported on another thread but not yet stored: its root and its blocks in the order the
 * sink would have received them. {@link UnixfsImporter#put} hands them to the importer's sink.
 */
public final class PreparedFile {
  private final ImportedNode node;
  private final List<Block> blocks;

  PreparedFile(ImportedNode node, List<Block> blocks) {
    this.node = node;
    this.blocks = blocks; // Blocks are immutable; the list is this class's own
  }

  public ImportedNode node() {
    return node;
  }

  List<Block> blocks() {
    return blocks;
  }
}
