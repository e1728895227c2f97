package io.cairn.car;

import io.cairn.codec.Block;
import io.cairn.codec.BlockSink;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.codec.Varint;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a CARv1 to a stream: the header with roots known up front, then one section per
 * block, each block once (later copies of the same multihash are skipped), identity blocks
 * never. Remembers each section's offset so a CARv2 index can be built over it.
 */
public final class CarWriter implements BlockSink, Closeable {
  private final OutputStream out;
  private final Set<Multihash> seen = new HashSet<>();
  private final Map<Multihash, Long> offsets = new LinkedHashMap<>();
  private long written;

  private CarWriter(OutputStream out, byte[] header) throws IOException {
    this.out = out;
    out.write(header);
    written = header.length;
  }

  public static CarWriter v1(OutputStream out, List<Cid> roots) throws IOException {
    return new CarWriter(out, CarHeader.v1(roots).encode());
  }

  /** For {@link CarFileWriter}: starts with a header already encoded (maybe a placeholder). */
  static CarWriter withHeader(OutputStream out, byte[] header) throws IOException {
    return new CarWriter(out, header);
  }

  @Override
  public void put(Block block) throws IOException {
    Cid cid = block.cid();
    if (cid.isIdentity() || !seen.add(cid.multihash())) {
      return;
    }
    offsets.put(cid.multihash(), written);
    byte[] c = cid.bytes();
    byte[] len = Varint.encode((long) c.length + block.size());
    out.write(len);
    out.write(c);
    block.writeTo(out);
    written += len.length + c.length + block.size();
  }

  /** Bytes written so far (the CARv1 payload size once done). */
  public long bytesWritten() {
    return written;
  }

  /** Offsets of every section, relative to the start of this CARv1, by multihash. */
  Map<Multihash, Long> offsets() {
    return offsets;
  }

  public int blockCount() {
    return offsets.size();
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
