package io.cairn.unixfs;

import io.cairn.codec.Block;
import io.cairn.codec.BlockSink;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import java.io.IOException;
import java.util.List;

/**
 * Names blocks as the import options say (CID version, inlining) and hands them to the sink.
 * Every block an import produces goes through here.
 */
final class NodeWriter {
  private final ImportOptions options;
  private final BlockSink sink;

  NodeWriter(ImportOptions options, BlockSink sink) {
    this.options = options;
    this.sink = sink;
  }

  ImportOptions options() {
    return options;
  }

  /**
   * The CID for a block of these bytes: an identity CID (always v1) when inlining and the
   * block is small enough, else sha2-256 with the configured version (raw is v1 only).
   */
  Cid cidFor(Multicodec codec, byte[] bytes) {
    if (options.inline() && bytes.length <= options.inlineLimit()) {
      return Cid.v1(codec, Multihash.identity(bytes));
    }
    Multihash mh = Multihash.sha256(bytes);
    if (options.cidVersion() == 0 && codec.equals(Multicodec.DAG_PB)) {
      return Cid.v0(mh);
    }
    return Cid.v1(codec, mh);
  }

  /** Stores an already named block. */
  void put(Cid cid, byte[] bytes) throws IOException {
    if (!cid.isIdentity() && sink != BlockSink.DISCARD) {
      sink.put(Block.of(cid, bytes));
    }
  }

  /** Whether blocks are dropped (only CIDs are wanted). */
  boolean discards() {
    return sink == BlockSink.DISCARD;
  }

  /** Stores blocks already made (by another writer) in order. */
  void putAll(List<io.cairn.codec.Block> blocks) throws IOException {
    for (io.cairn.codec.Block b : blocks) {
      sink.put(b);
    }
  }

  /** Encodes, names and stores a DAG-PB node whose data is {@code data}. */
  ImportedNode putPb(List<PbLink> links, UnixfsData data, long contentSize) throws IOException {
    byte[] bytes = DagPb.encode(PbNode.of(links, data.encode()));
    Cid cid = cidFor(Multicodec.DAG_PB, bytes);
    put(cid, bytes);
    long tsize = bytes.length;
    for (PbLink l : links) {
      tsize += l.tsize().orElse(0);
    }
    return new ImportedNode(cid, tsize, contentSize);
  }

  static PbLink link(ImportedNode child, String name) {
    return PbLink.of(child.cid(), name, child.tsize());
  }
}
