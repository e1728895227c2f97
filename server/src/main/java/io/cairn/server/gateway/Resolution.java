package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import java.util.List;

/**
 * A content path followed to its end.
 *
 * @param terminal the CID at the end of the path
 * @param terminalBlock its bytes (so the caller knows it is here before answering 200)
 * @param roots the CID of each logical segment, the root first and the terminal last (the
 *     {@code X-Ipfs-Roots} header)
 * @param pathBlocks every block read to follow the path (directory nodes, HAMT shards), in the
 *     order read: what a CAR must hold before the terminal so the path can be verified
 */
record Resolution(Cid terminal, byte[] terminalBlock, List<Cid> roots, List<PathBlock> pathBlocks) {
  /** A block read while following the path. */
  record PathBlock(Cid cid, byte[] data) {}

  /** The {@code X-Ipfs-Roots} value. */
  String rootsHeader() {
    StringBuilder sb = new StringBuilder();
    for (Cid c : roots) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
