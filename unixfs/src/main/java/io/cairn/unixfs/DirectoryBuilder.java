package io.cairn.unixfs;

import io.cairn.codec.DagPb;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a UnixFS directory from its entries: a plain directory node, or a HAMT-sharded one
 * when the size estimate of the plain node exceeds the threshold (Kubo's rule, strictly
 * greater). Entries may come in any order; links are written in name-byte order.
 */
final class DirectoryBuilder {
  /** HAMT fanout Kubo and the JS importer use: 256 buckets, one hash byte per level. */
  static final int FANOUT = 256;
  /** murmur3-x64-64, the only HAMT hash function in use. */
  static final long HASH_TYPE = 0x22;

  private final NodeWriter writer;

  DirectoryBuilder(NodeWriter writer) {
    this.writer = writer;
  }

  ImportedNode build(List<DirectoryEntry> entries, Metadata meta) throws IOException {
    checkNames(entries);
    List<PbLink> links = links(entries);
    UnixfsData data = meta.applyTo(UnixfsData.builder(UnixfsType.DIRECTORY)).build();
    if (estimate(links, data) > writer.options().hamtThreshold()) {
      return new HamtBuilder(writer).build(entries, meta);
    }
    return writer.putPb(links, data, 0);
  }

  /** Whether {@link #build} would make a HAMT of these entries. */
  boolean shards(List<DirectoryEntry> entries, Metadata meta) {
    UnixfsData data = meta.applyTo(UnixfsData.builder(UnixfsType.DIRECTORY)).build();
    return estimate(links(entries), data) > writer.options().hamtThreshold();
  }

  private static List<PbLink> links(List<DirectoryEntry> entries) {
    List<PbLink> links = new ArrayList<>(entries.size());
    for (DirectoryEntry e : entries) {
      links.add(NodeWriter.link(e.node(), e.name()));
    }
    return links;
  }

  private long estimate(List<PbLink> links, UnixfsData data) {
    return switch (writer.options().hamtEstimate()) {
      case LINKS_BYTES -> {
        long sum = 0;
        for (PbLink l : links) {
          sum += l.nameBytes().length + l.hash().size();
        }
        yield sum;
      }
      case BLOCK_BYTES -> DagPb.encodedSize(PbNode.of(links, data.encode()));
    };
  }

  private static void checkNames(List<DirectoryEntry> entries) {
    byte[][] names = new byte[entries.size()][];
    for (int i = 0; i < names.length; i++) {
      String n = entries.get(i).name();
      if (n.isEmpty() || n.contains("/") || n.equals(".") || n.equals("..")) {
        throw new IllegalArgumentException("invalid directory entry name '" + n + "'");
      }
      names[i] = entries.get(i).nameBytes();
    }
    Arrays.sort(names, Arrays::compareUnsigned);
    for (int i = 1; i < names.length; i++) {
      if (Arrays.equals(names[i - 1], names[i])) {
        throw new IllegalArgumentException(
            "duplicate directory entry name '" + new String(names[i], StandardCharsets.UTF_8) + "'");
      }
    }
  }

}
