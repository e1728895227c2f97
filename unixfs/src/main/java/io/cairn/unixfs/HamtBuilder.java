package io.cairn.unixfs;

import io.cairn.codec.PbLink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a UnixFS HAMT shard (fanout 256) from a directory's entries, as boxo's hamt package
 * leaves it after inserting them: a trie over the name's murmur3-x64-64 hash, one hash byte
 * per level. In each shard node a bucket holding one entry links to it by
 * {@code HEX(bucket) + name}; a bucket holding several links to a sub-shard named
 * {@code HEX(bucket)}. The shape depends only on the set of names.
 *
 * <pre>
 * shard Data = UnixFS { Type = HAMTShard, Data = bitfield, hashType = 0x22, fanout = 256 }
 * bitfield   = big-endian integer with bit b set for each occupied bucket b,
 *              leading zero bytes removed
 * </pre>
 */
final class HamtBuilder {
  private static final int MAX_DEPTH = 8; // 64 hash bits, 8 per level

  private final NodeWriter writer;

  HamtBuilder(NodeWriter writer) {
    this.writer = writer;
  }

  private record Hashed(DirectoryEntry entry, long hash) {
    int bucket(int depth) {
      return (int) (hash >>> (56 - 8 * depth)) & 0xff;
    }
  }

  ImportedNode build(List<DirectoryEntry> entries, Metadata rootMeta) throws IOException {
    List<Hashed> hashed = new ArrayList<>(entries.size());
    for (DirectoryEntry e : entries) {
      hashed.add(new Hashed(e, Murmur3.hash64(e.nameBytes())));
    }
    return shard(hashed, 0, rootMeta);
  }

  private ImportedNode shard(List<Hashed> entries, int depth, Metadata meta) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new IllegalStateException("HAMT hash exhausted: names with equal 64-bit hashes");
    }
    @SuppressWarnings("unchecked")
    List<Hashed>[] buckets = new List[DirectoryBuilder.FANOUT];
    for (Hashed h : entries) {
      int b = h.bucket(depth);
      if (buckets[b] == null) {
        buckets[b] = new ArrayList<>(2);
      }
      buckets[b].add(h);
    }
    List<PbLink> links = new ArrayList<>();
    byte[] bitfield = new byte[DirectoryBuilder.FANOUT / 8];
    for (int b = 0; b < buckets.length; b++) {
      List<Hashed> bucket = buckets[b];
      if (bucket == null) {
        continue;
      }
      bitfield[bitfield.length - 1 - b / 8] |= (byte) (1 << (b % 8));
      String prefix = String.format(Locale.ROOT, "%02X", b);
      if (bucket.size() == 1) {
        DirectoryEntry e = bucket.get(0).entry();
        links.add(NodeWriter.link(e.node(), prefix + e.name()));
      } else {
        links.add(NodeWriter.link(shard(bucket, depth + 1, Metadata.NONE), prefix));
      }
    }
    int lead = 0;
    while (lead < bitfield.length && bitfield[lead] == 0) {
      lead++;
    }
    UnixfsData.Builder data = UnixfsData.builder(UnixfsType.HAMT_SHARD)
        .data(bitfield, lead, bitfield.length - lead)
        .hashType(DirectoryBuilder.HASH_TYPE)
        .fanout(DirectoryBuilder.FANOUT);
    return writer.putPb(links, meta.applyTo(data).build(), 0);
  }
}
