package io.cairn.unixfs;

import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads UnixFS DAGs back: what a node is, a file's bytes as a stream from any offset (only the
 * blocks covering the range are fetched, using each node's blocksizes to skip), directory
 * listings (HAMT shards included) and path resolution through both kinds of directory.
 */
public final class UnixfsExporter {
  private final BlockSource blocks;

  public UnixfsExporter(BlockSource blocks) {
    this.blocks = BlockSource.withIdentity(Objects.requireNonNull(blocks, "blocks"));
  }

  /** What the node at {@code cid} is. */
  public UnixfsEntry stat(Cid cid) throws IOException {
    if (cid.codec().equals(Multicodec.RAW)) {
      byte[] b = blocks.get(cid);
      return new UnixfsEntry(cid, UnixfsEntry.Kind.FILE, b.length, OptionalInt.empty(), Optional.empty(), Optional.empty());
    }
    Node n = load(cid);
    UnixfsData d = n.data;
    UnixfsEntry.Kind kind = switch (d.type()) {
      case FILE, RAW -> UnixfsEntry.Kind.FILE;
      case DIRECTORY -> UnixfsEntry.Kind.DIRECTORY;
      case HAMT_SHARD -> UnixfsEntry.Kind.HAMT_DIRECTORY;
      case SYMLINK -> UnixfsEntry.Kind.SYMLINK;
      case METADATA -> throw new MalformedDataException("UnixFS.Data.Type", -1, cid + ": Metadata nodes are not supported");
    };
    long size = kind == UnixfsEntry.Kind.FILE ? d.fileSize() : 0;
    Optional<String> target = kind == UnixfsEntry.Kind.SYMLINK
        ? Optional.of(new String(d.data(), StandardCharsets.UTF_8)) : Optional.empty();
    return new UnixfsEntry(cid, kind, size, d.mode(), d.mtime(), target);
  }

  /** The whole file. */
  public InputStream open(Cid cid) throws IOException {
    return open(cid, 0, Long.MAX_VALUE);
  }

  /** {@code length} bytes of the file from {@code offset} (fewer at the end of the file). */
  public InputStream open(Cid cid, long offset, long length) throws IOException {
    return fileStream(cid, offset, length);
  }

  /**
   * {@code length} bytes of the file from {@code offset} (fewer at the end of the file), piece
   * by piece as its blocks hold them.
   */
  public FileChunks chunks(Cid cid, long offset, long length) throws IOException {
    return fileStream(cid, offset, length);
  }

  private FileStream fileStream(Cid cid, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0");
    }
    UnixfsEntry e = stat(cid);
    if (e.kind() != UnixfsEntry.Kind.FILE) {
      throw new NotAFileException(cid, e.kind());
    }
    return new FileStream(this, cid, offset, length);
  }

  /** The entries of a directory, plain or HAMT, in link order. */
  public List<DirectoryLink> list(Cid cid) throws IOException {
    Node n = load(cid);
    List<DirectoryLink> out = new ArrayList<>();
    switch (n.data.type()) {
      case DIRECTORY -> {
        for (PbLink l : n.node.links()) {
          out.add(new DirectoryLink(l.name(), l.hash(), l.tsize().orElse(0)));
        }
      }
      case HAMT_SHARD -> listShard(cid, n, 0, 0, out);
      default -> throw new NotADirectoryException(cid);
    }
    return out;
  }

  /**
   * Lists a shard reached through the buckets in {@code path} (one byte per level, the top
   * byte first). Every entry's name must hash to that path plus its own bucket: a shard
   * linked from two places (which could multiply a listing without end) is refused.
   */
  private void listShard(Cid cid, Node n, int depth, long path, List<DirectoryLink> out) throws IOException {
    checkShard(cid, n.data);
    for (PbLink l : n.node.links()) {
      String name = l.name();
      checkShardLinkName(cid, name);
      int bucket = Integer.parseInt(name.substring(0, 2), 16);
      long childPath = path | ((long) bucket << (56 - 8 * depth));
      if (name.length() == 2) {
        if (depth >= 7) {
          throw new MalformedDataException("HAMT", -1, cid + ": shard nested deeper than 8 levels");
        }
        Node child = load(l.hash());
        if (child.data.type() != UnixfsType.HAMT_SHARD) {
          throw new MalformedDataException("HAMT link " + name, -1, cid + ": sub-shard link to a non-shard node");
        }
        listShard(l.hash(), child, depth + 1, childPath, out);
      } else {
        String entry = name.substring(2);
        long hash = Murmur3.hash64(entry.getBytes(StandardCharsets.UTF_8));
        long mask = -1L << (56 - 8 * depth);
        if ((hash & mask) != childPath) {
          throw new MalformedDataException("HAMT link " + name, -1,
              cid + ": entry '" + entry + "' does not belong in this bucket (its name hashes elsewhere)");
        }
        out.add(new DirectoryLink(entry, l.hash(), l.tsize().orElse(0)));
      }
    }
  }

  /** Follows {@code path} ("a/b/c", empty for the root itself) from {@code root}. */
  public Cid resolve(Cid root, String path) throws IOException {
    Cid at = root;
    StringBuilder walked = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      at = child(at, part, walked.toString());
      walked.append('/').append(part);
    }
    return at;
  }

  private Cid child(Cid dir, String name, String walked) throws IOException {
    if (dir.codec().equals(Multicodec.RAW)) {
      throw new PathNotFoundException(walked + "/" + name, "'" + (walked.isEmpty() ? dir : walked) + "' is a file");
    }
    Node n = load(dir);
    switch (n.data.type()) {
      case DIRECTORY -> {
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        for (PbLink l : n.node.links()) {
          if (java.util.Arrays.equals(l.nameBytes(), want)) {
            return l.hash();
          }
        }
        throw new PathNotFoundException(walked + "/" + name, "no entry '" + name + "'");
      }
      case HAMT_SHARD -> {
        return shardLookup(dir, n, name, walked);
      }
      default -> throw new PathNotFoundException(walked + "/" + name,
          "'" + (walked.isEmpty() ? dir.toString() : walked) + "' is not a directory");
    }
  }

  private Cid shardLookup(Cid cid, Node n, String name, String walked) throws IOException {
    long hash = Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8));
    for (int depth = 0; depth < 8; depth++) {
      checkShard(cid, n.data);
      String prefix = String.format(Locale.ROOT, "%02X", (hash >>> (56 - 8 * depth)) & 0xff);
      PbLink next = null;
      for (PbLink l : n.node.links()) {
        String ln = l.name();
        if (ln.equals(prefix)) {
          next = l;
          break;
        } else if (ln.equals(prefix + name)) {
          return l.hash();
        }
      }
      if (next == null) {
        break;
      }
      cid = next.hash();
      n = load(cid);
      if (n.data.type() != UnixfsType.HAMT_SHARD) {
        throw new MalformedDataException("HAMT link " + prefix, -1, cid + ": sub-shard link to a non-shard node");
      }
    }
    throw new PathNotFoundException(walked + "/" + name, "no entry '" + name + "'");
  }

  private static void checkShard(Cid cid, UnixfsData d) throws MalformedDataException {
    if (d.fanout() != DirectoryBuilder.FANOUT || d.hashType() != DirectoryBuilder.HASH_TYPE) {
      throw new MalformedDataException("HAMT", -1, cid + ": unsupported shard (fanout " + d.fanout()
          + ", hash type 0x" + Long.toHexString(d.hashType()) + "; only fanout 256 with murmur3-x64-64 is supported)");
    }
  }

  private static void checkShardLinkName(Cid cid, String name) throws MalformedDataException {
    if (name.length() < 2 || !isUpperHex(name.charAt(0)) || !isUpperHex(name.charAt(1))) {
      throw new MalformedDataException("HAMT link name", -1, cid + ": link name '" + name + "' lacks the 2-digit bucket prefix");
    }
  }

  private static boolean isUpperHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  /** A decoded DAG-PB node with its UnixFS data. */
  record Node(PbNode node, UnixfsData data) {}

  Node load(Cid cid) throws IOException {
    if (!cid.codec().equals(Multicodec.DAG_PB)) {
      throw new MalformedDataException("UnixFS node", -1, cid + ": codec " + cid.codec() + " is not dag-pb");
    }
    byte[] bytes = blocks.get(cid);
    PbNode node;
    UnixfsData data;
    try {
      node = DagPb.decode(bytes);
      if (!node.hasData()) {
        throw new MalformedDataException("PBNode.Data", -1, "no UnixFS data");
      }
      data = UnixfsData.decode(node.dataOrEmpty());
    } catch (MalformedDataException e) {
      throw new MalformedDataException("UnixFS node " + cid, e.offset(), e.getMessage(), e);
    }
    return new Node(node, data);
  }

  byte[] rawBlock(Cid cid) throws IOException {
    return blocks.get(cid);
  }
}
