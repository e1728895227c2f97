package io.cairn.server.gateway;

import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import io.cairn.store.Links;
import io.cairn.unixfs.UnixfsData;
import io.cairn.unixfs.UnixfsType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Walks a DAG depth-first, pre-order, links in their stored order, handing each block to a
 * sink as it is read: memory holds the pending links along the current path, never the DAG.
 *
 * <ul>
 *   <li>{@code all}: every block reachable (DAG-PB and DAG-CBOR links).
 *   <li>{@code entity}: a UnixFS file's blocks (with a byte range, only the nodes and leaves
 *       whose bytes overlap it); a HAMT directory's shard nodes but not its entries; anything
 *       else (plain directory, symlink, raw, DAG-CBOR) is just its own block.
 *   <li>{@code block}: the one block.
 * </ul>
 *
 * Without duplicates a block is written once; a subtree already written whole is not walked
 * again. With duplicates each block is written every time the walk meets it. A missing block
 * ends the walk with {@link io.cairn.codec.BlockNotFoundException}.
 */
final class DagTraversal {
  /** Where walked blocks go. */
  interface Sink {
    void block(Cid cid, byte[] data) throws IOException;
  }

  private interface LinkFinder {
    List<Cid> links(Cid cid, byte[] data) throws MalformedDataException;
  }

  private record Item(Cid cid, long start) {}

  private final BlockSource blocks;
  private final boolean dups;
  private final Sink sink;
  private final Set<Multihash> sent = new HashSet<>();

  DagTraversal(BlockSource blocks, boolean dups, Sink sink) {
    this.blocks = BlockSource.withIdentity(blocks);
    this.dups = dups;
    this.sink = sink;
  }

  /** Writes a block unless duplicates are off and it went out already. */
  void emit(Cid cid, byte[] data) throws IOException {
    if (dups || sent.add(cid.multihash())) {
      sink.block(cid, data);
    }
  }

  /**
   * Walks from {@code root} (whose bytes the caller already read).
   *
   * @param span for {@code entity} on a file: the first and last byte to cover; null for all
   */
  void walk(Cid root, byte[] data, DagScope scope, long[] span) throws IOException {
    switch (scope) {
      case BLOCK -> emit(root, data);
      case ALL -> walkAll(root, data, Links::of);
      case ENTITY -> walkEntity(root, data, span);
    }
  }

  private void walkEntity(Cid root, byte[] data, long[] span) throws IOException {
    UnixfsData u = unixfs(root, data);
    if (u == null) {
      emit(root, data);
      return;
    }
    switch (u.type()) {
      case FILE, RAW -> {
        if (span == null) {
          walkAll(root, data, Links::of);
        } else {
          walkRange(root, data, span);
        }
      }
      case HAMT_SHARD -> walkAll(root, data, DagTraversal::subShards);
      default -> emit(root, data);
    }
  }

  private void walkAll(Cid root, byte[] rootData, LinkFinder finder) throws IOException {
    ArrayDeque<Cid> stack = new ArrayDeque<>();
    stack.push(root);
    byte[] first = rootData;
    while (!stack.isEmpty()) {
      Cid c = stack.pop();
      if (!dups && sent.contains(c.multihash())) {
        continue; // written before together with everything below it
      }
      byte[] data = first != null ? first : blocks.get(c);
      first = null;
      emit(c, data);
      List<Cid> links = finder.links(c, data);
      for (int i = links.size() - 1; i >= 0; i--) {
        stack.push(links.get(i));
      }
    }
  }

  /**
   * The nodes of a UnixFS file whose bytes overlap {@code span}: a node's bytes are its own
   * Data followed by each child's, sized by {@code blocksizes}. A node already written is
   * still expanded, since the earlier copy may have covered other bytes of it.
   */
  private void walkRange(Cid root, byte[] rootData, long[] span) throws IOException {
    ArrayDeque<Item> stack = new ArrayDeque<>();
    stack.push(new Item(root, 0));
    byte[] first = rootData;
    while (!stack.isEmpty()) {
      Item item = stack.pop();
      byte[] data = first != null ? first : blocks.get(item.cid);
      first = null;
      emit(item.cid, data);
      if (item.cid.codec().equals(Multicodec.RAW)) {
        continue;
      }
      PbNode node = DagPb.decode(data);
      UnixfsData u = UnixfsData.decode(node.dataOrEmpty());
      if (u.type() != UnixfsType.FILE && u.type() != UnixfsType.RAW) {
        throw new MalformedDataException("UnixFS file", -1, item.cid + ": a " + u.type() + " node inside a file");
      }
      if (u.blocksizeCount() != node.links().size()) {
        throw new MalformedDataException("UnixFS.Data.blocksizes", -1,
            item.cid + ": " + u.blocksizeCount() + " blocksizes for " + node.links().size() + " links");
      }
      List<Item> children = new ArrayList<>();
      long pos = item.start + u.dataLength();
      for (int i = 0; i < u.blocksizeCount() && pos <= span[1]; i++) {
        long size = u.blocksize(i);
        if (size > 0 && pos + size - 1 >= span[0]) {
          children.add(new Item(node.links().get(i).hash(), pos));
        }
        pos += size;
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
  }

  private static List<Cid> subShards(Cid cid, byte[] data) throws MalformedDataException {
    List<Cid> out = new ArrayList<>();
    if (cid.codec().equals(Multicodec.DAG_PB)) {
      for (PbLink l : DagPb.decode(data).links()) {
        if (l.nameBytes().length == 2) {
          out.add(l.hash());
        }
      }
    }
    return out;
  }

  /** The UnixFS data of a DAG-PB block, or null when the block is not UnixFS. */
  static UnixfsData unixfs(Cid cid, byte[] data) {
    if (!cid.codec().equals(Multicodec.DAG_PB)) {
      return null;
    }
    try {
      PbNode node = DagPb.decode(data);
      return node.hasData() ? UnixfsData.decode(node.dataOrEmpty()) : null;
    } catch (MalformedDataException e) {
      return null;
    }
  }

  /** The byte size of the entity at {@code cid} when it is a file (UnixFS file or raw block). */
  static OptionalLong fileSize(Cid cid, byte[] data) {
    if (cid.codec().equals(Multicodec.RAW)) {
      return OptionalLong.of(data.length);
    }
    UnixfsData u = unixfs(cid, data);
    if (u != null && (u.type() == UnixfsType.FILE || u.type() == UnixfsType.RAW)) {
      return OptionalLong.of(u.fileSize());
    }
    return OptionalLong.empty();
  }
}
