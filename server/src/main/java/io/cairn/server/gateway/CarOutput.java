package io.cairn.server.gateway;

import io.cairn.car.CarHeader;
import io.cairn.codec.Cid;
import io.cairn.codec.Varint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a CARv1 as it is walked: the header, then one section per block handed in, exactly
 * as handed in (duplicates are the walk's decision). Identity blocks are never written: their
 * bytes are already in the CID.
 *
 * <pre>
 * varint(len(header)) ‖ dag-cbor {roots: [root], version: 1}
 * { varint(len(CID) + len(data)) ‖ CID ‖ data } …
 * </pre>
 */
final class CarOutput {
  private final OutputStream out;
  private long blocks;

  CarOutput(OutputStream out, Cid root) throws IOException {
    this.out = out;
    out.write(CarHeader.v1(List.of(root)).encode());
  }

  void write(Cid cid, byte[] data) throws IOException {
    if (cid.isIdentity()) {
      return;
    }
    byte[] c = cid.bytes();
    out.write(Varint.encode((long) c.length + data.length));
    out.write(c);
    out.write(data);
    blocks++;
  }

  long blocks() {
    return blocks;
  }
}
