package io.cairn.unixfs;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A file's bytes from an offset, walking the DAG depth-first with an explicit stack. Subtrees
 * wholly before the offset are skipped by their blocksizes without being fetched; blocks are
 * fetched one at a time as reading reaches them. Declared sizes are checked against what the
 * blocks hold, so an inconsistent DAG is an error, never silently wrong bytes. Read as a
 * stream (copying into the caller's array) or piece by piece ({@link FileChunks}, no copy).
 */
final class FileStream extends InputStream implements FileChunks {
  private final UnixfsExporter exporter;
  /** Children still to visit, per open node: their CIDs and declared sizes. */
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private long skip;
  private long remaining;
  private byte[] chunk = new byte[0];
  private int chunkPos;

  private static final class Frame {
    final Cid parent;
    final List<io.cairn.codec.PbLink> links;
    final long[] sizes;
    int next;

    Frame(Cid parent, List<io.cairn.codec.PbLink> links, long[] sizes) {
      this.parent = parent;
      this.links = links;
      this.sizes = sizes;
    }
  }

  FileStream(UnixfsExporter exporter, Cid root, long offset, long length) {
    this.exporter = exporter;
    this.skip = offset;
    this.remaining = length;
    stack.push(new Frame(null, List.of(io.cairn.codec.PbLink.of(root, "", 0)), new long[] {-1}));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    while (chunkPos >= chunk.length) {
      if (!advance()) {
        remaining = 0;
        return -1;
      }
    }
    int n = (int) Math.min(Math.min(len, chunk.length - chunkPos), remaining);
    System.arraycopy(chunk, chunkPos, b, off, n);
    chunkPos += n;
    remaining -= n;
    return n;
  }

  @Override
  public ByteBuffer next() throws IOException {
    if (remaining == 0) {
      return null;
    }
    while (chunkPos >= chunk.length) {
      if (!advance()) {
        remaining = 0;
        return null;
      }
    }
    int n = (int) Math.min(chunk.length - chunkPos, remaining);
    ByteBuffer piece = ByteBuffer.wrap(chunk, chunkPos, n).slice();
    chunkPos += n;
    remaining -= n;
    return piece;
  }

  @Override
  public void close() {}

  /**
   * Skips within the current block directly; past it, reads on (subtrees wholly skipped are
   * still not fetched, thanks to blocksizes) so the count returned is what was really skipped.
   */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0 || remaining == 0) {
      return 0;
    }
    long inChunk = Math.min(Math.min(n, chunk.length - chunkPos), remaining);
    if (inChunk > 0) {
      chunkPos += (int) inChunk;
      remaining -= inChunk;
      return inChunk;
    }
    return super.skip(n);
  }

  /** Loads the next piece of file data into {@code chunk}; false at the end of the file. */
  private boolean advance() throws IOException {
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next == f.links.size()) {
        stack.pop();
        continue;
      }
      int i = f.next++;
      Cid cid = f.links.get(i).hash();
      long declared = f.sizes[i];
      if (declared >= 0 && skip >= declared) {
        skip -= declared;
        continue;
      }
      if (cid.codec().equals(Multicodec.RAW)) {
        byte[] data = exporter.rawBlock(cid);
        checkSize(f, cid, declared, data.length);
        return serve(data);
      }
      UnixfsExporter.Node n = exporter.load(cid);
      UnixfsData d = n.data();
      if (d.type() != UnixfsType.FILE && d.type() != UnixfsType.RAW) {
        throw new MalformedDataException("UnixFS file", -1, cid + ": a " + d.type() + " node inside a file");
      }
      checkSize(f, cid, declared, d.fileSize());
      PbNode node = n.node();
      if (d.blocksizeCount() != node.links().size()) {
        throw new MalformedDataException("UnixFS.Data.blocksizes", -1,
            cid + ": " + d.blocksizeCount() + " blocksizes for " + node.links().size() + " links");
      }
      long sum = d.dataLength();
      try {
        for (int k = 0; k < d.blocksizeCount(); k++) {
          sum = Math.addExact(sum, d.blocksize(k));
        }
      } catch (ArithmeticException e) {
        sum = -1; // overflow: cannot match any filesize
      }
      if (sum != d.fileSize()) {
        throw new MalformedDataException("UnixFS.Data.filesize", -1,
            cid + ": filesize " + d.fileSize() + " but data and blocksizes add up to " + sum);
      }
      if (!node.links().isEmpty()) {
        stack.push(new Frame(cid, node.links(), d.blocksizes()));
      }
      if (d.dataLength() > 0) {
        return serve(d.data());
      }
    }
    return false;
  }

  private boolean serve(byte[] data) {
    if (skip >= data.length) {
      skip -= data.length;
      chunk = new byte[0];
      chunkPos = 0;
      return true;
    }
    chunk = data;
    chunkPos = (int) skip;
    skip = 0;
    return true;
  }

  private static void checkSize(Frame f, Cid cid, long declared, long actual) throws MalformedDataException {
    if (declared >= 0 && declared != actual) {
      throw new MalformedDataException("UnixFS.Data.blocksizes", -1,
          f.parent + " says child " + cid + " holds " + declared + " bytes but it holds " + actual);
    }
  }
}
