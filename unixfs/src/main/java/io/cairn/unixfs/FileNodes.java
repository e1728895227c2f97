package io.cairn.unixfs;

import java.io.IOException;
import java.util.List;

/** Makes the internal nodes of a file DAG and its root, for both layouts. */
final class FileNodes {
  private final NodeWriter writer;

  FileNodes(NodeWriter writer) {
    this.writer = writer;
  }

  ImportOptions options() {
    return writer.options();
  }


  /**
   * A File node over {@code children}: filesize = the sum of their content sizes,
   * blocksizes = each child's content size, no Data.
   */
  ImportedNode parent(List<ImportedNode> children, Metadata meta) throws IOException {
    long[] sizes = new long[children.size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = children.get(i).contentSize();
      total += sizes[i];
    }
    UnixfsData data = meta.applyTo(UnixfsData.builder(UnixfsType.FILE).filesize(total).blocksizes(sizes)).build();
    return writer.putPb(BalancedLayout.links(children), data, total);
  }

  /**
   * The root of a one-chunk file: the leaf itself, unless metadata must be kept, which only a
   * DAG-PB node can carry: then a File node holding the chunk's bytes with the metadata.
   */
  ImportedNode singleLeafRoot(LeafSource.Leaf leaf, Metadata meta) throws IOException {
    if (meta.isEmpty()) {
      writer.put(leaf.cid(), leaf.block());
      return leaf.node();
    }
    byte[] chunk = leafContent(leaf);
    UnixfsData.Builder d = UnixfsData.builder(UnixfsType.FILE).filesize(chunk.length);
    if (chunk.length > 0) {
      d.data(chunk);
    }
    return writer.putPb(List.of(), meta.applyTo(d).build(), chunk.length);
  }

  private byte[] leafContent(LeafSource.Leaf leaf) throws IOException {
    if (options().rawLeaves()) {
      return leaf.block();
    }
    return UnixfsData.decode(io.cairn.codec.DagPb.decode(leaf.block()).dataOrEmpty()).data();
  }
}
