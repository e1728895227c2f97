package io.cairn.server.gateway;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.unixfs.PathNotFoundException;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a content path through UnixFS directories (plain and HAMT), one segment at a time,
 * remembering the CID of each segment and every block it had to read. Missing blocks and
 * names are 404 (412 under {@code only-if-cached}); so is pathing into something that is not
 * a directory or a node that is not valid UnixFS (the spec's "invalid or missing DAG node");
 * pathing into DAG-CBOR or other codecs is not supported (501).
 */
final class PathResolver {
  private final BlockSource blocks;

  /** @param blocks where blocks are read (identity CIDs are answered from the CID) */
  PathResolver(BlockSource blocks) {
    this.blocks = BlockSource.withIdentity(blocks);
  }

  Resolution resolve(ContentPath path, boolean onlyIfCached) throws GatewayException, IOException {
    List<Resolution.PathBlock> read = new ArrayList<>();
    UnixfsExporter exporter = new UnixfsExporter(cid -> {
      byte[] b = blocks.get(cid);
      read.add(new Resolution.PathBlock(cid, b));
      return b;
    });
    List<Cid> roots = new ArrayList<>();
    Cid at = path.root();
    roots.add(at);
    StringBuilder walked = new StringBuilder(ContentPath.PREFIX).append(at);
    try {
      for (String name : path.segments()) {
        Multicodec codec = at.codec();
        if (!codec.equals(Multicodec.DAG_PB) && !codec.equals(Multicodec.RAW)) {
          throw new GatewayException(501, walked + " is " + codec + " data; only UnixFS paths can be followed");
        }
        try {
          at = exporter.resolve(at, name);
        } catch (PathNotFoundException e) {
          throw GatewayException.notFound(walked + " has no entry '" + name + "'" + why(e));
        }
        walked.append('/').append(name);
        roots.add(at);
      }
      byte[] terminal = blocks.get(at);
      return new Resolution(at, terminal, roots, read);
    } catch (BlockNotFoundException e) {
      int status = onlyIfCached ? 412 : 404;
      String what = e.cid().equals(path.root()) ? "block " + e.cid() : "block " + e.cid() + " (under " + walked + ")";
      throw new GatewayException(status, what + " is not held by this node");
    } catch (MalformedDataException e) {
      throw GatewayException.notFound("cannot follow the path at " + walked + ": " + e.getMessage());
    }
  }

  private static String why(PathNotFoundException e) {
    String m = e.getMessage();
    int colon = m.lastIndexOf(": ");
    String reason = colon >= 0 ? m.substring(colon + 2) : "";
    return reason.contains("is a file") || reason.contains("not a directory") ? " (it is not a directory)" : "";
  }
}
