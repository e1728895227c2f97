package io.cairn.car;

import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.ByteReader;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multihash;
import io.cairn.codec.Varint;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a CAR (v1, or v2 with its optional index) as a stream of blocks, in one pass. Every
 * length prefix is capped by {@link CarLimits}; every block is hashed and checked against its
 * CID before it is returned (a mismatch is a {@link BlockMismatchException} naming the CID
 * and offset). Memory holds one section at a time.
 *
 * <pre>
 * CARv1 = varint(len) ‖ header ‖ { varint(len(CID) + len(data)) ‖ CID ‖ data } …
 * CARv2 = pragma ‖ CarV2Header ‖ padding ‖ CARv1 payload ‖ padding ‖ index
 * </pre>
 */
public final class CarReader implements Closeable {
  /** The longest CID: four varints (version, codec, hash code, digest length) and the longest digest. */
  private static final int MAX_CID_BYTES = 4 * Varint.MAX_BYTES + Multihash.MAX_DIGEST;

  private final InputStream in;
  private final CarLimits limits;
  private final int version;
  private final CarV2Header v2;
  private final List<Cid> roots;
  /** Absolute position in the file of the next byte to be read. */
  private long position;
  /** Where the CARv1 payload starts (0 for a CARv1 file), for index offsets. */
  private final long payloadStart;
  /** Where the payload ends, or -1 for "at end of stream". */
  private final long payloadEnd;
  private long sectionOffset = -1;
  private long dataOffset = -1;
  private int blocks;
  private boolean finished;

  private CarReader(InputStream in, CarLimits limits) throws IOException {
    this.in = Objects.requireNonNull(in, "in");
    this.limits = Objects.requireNonNull(limits, "limits");
    CarHeader first = readHeader();
    if (first.version() == 2) {
      this.version = 2;
      long pragmaEnd = position;
      if (pragmaEnd != CarV2Header.PRAGMA.length) {
        throw new MalformedDataException("CARv2 pragma", 0, "pragma is not the canonical 11 bytes");
      }
      this.v2 = CarV2Header.decode(readFully(CarV2Header.SIZE, "CARv2 header"));
      skipTo(v2.dataOffset(), "CARv2 data");
      this.payloadStart = v2.dataOffset();
      this.payloadEnd = v2.dataOffset() + v2.dataSize();
      CarHeader inner = readHeader();
      if (inner.version() != 1) {
        throw new MalformedDataException("CARv2 payload header", payloadStart, "inner CAR must be version 1");
      }
      this.roots = inner.roots();
    } else {
      this.version = 1;
      this.v2 = null;
      this.payloadStart = 0;
      this.payloadEnd = -1;
      this.roots = first.roots();
    }
  }

  public static CarReader open(InputStream in) throws IOException {
    return open(in, CarLimits.DEFAULT);
  }

  /** Reads the header(s); on failure the stream is closed, as the caller gets no reader to close. */
  public static CarReader open(InputStream in, CarLimits limits) throws IOException {
    try {
      return new CarReader(in, limits);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  public int version() {
    return version;
  }

  public List<Cid> roots() {
    return roots;
  }

  public Optional<CarV2Header> v2Header() {
    return Optional.ofNullable(v2);
  }

  /** Blocks returned so far. */
  public int blockCount() {
    return blocks;
  }

  /** Offset of the last returned block's section, relative to the CARv1 payload. */
  public long lastSectionOffset() {
    return sectionOffset;
  }

  /** Absolute file offset of the last returned block's bytes (after its CID). */
  public long lastDataOffset() {
    return dataOffset;
  }

  /** The next block, verified against its CID; null after the last one. */
  public Block next() throws IOException {
    Section s = nextSection();
    if (s == null) {
      return null;
    }
    if (!s.cid.multihash().isVerifiable()) {
      throw new BlockMismatchException(s.cid, "cannot verify hash function " + s.cid.multihash().code()
          + " with a " + s.cid.multihash().digestLength() + "-byte digest (section at offset " + s.offset + ")");
    }
    try {
      return Block.verifiedOwning(s.cid, s.data); // s.data was made for this block alone
    } catch (BlockMismatchException e) {
      throw new BlockMismatchException(s.cid, "bytes do not hash to the CID (section at offset " + s.offset + ")");
    }
  }

  private record Section(Cid cid, byte[] data, long offset) {}

  private Section nextSection() throws IOException {
    if (finished) {
      return null;
    }
    if (payloadEnd >= 0 && position >= payloadEnd) {
      if (position > payloadEnd) {
        throw new MalformedDataException("CAR section", position, "section runs past the CARv2 data size");
      }
      finished = true;
      return null;
    }
    long at = position;
    long len = readVarint("CAR section length", true);
    if (len < 0) {
      if (payloadEnd >= 0) {
        throw new MalformedDataException("CARv2 data", at,
            "file ends at " + at + " but the header says the data runs to " + payloadEnd);
      }
      finished = true;
      return null;
    }
    if (len == 0) {
      throw new MalformedDataException("CAR section length", at, "zero-length section");
    }
    if (len > limits.maxSectionSize()) {
      throw new MalformedDataException("CAR section length", at,
          "section of " + len + " bytes exceeds the limit of " + limits.maxSectionSize());
    }
    if (payloadEnd >= 0 && position + len > payloadEnd) {
      throw new MalformedDataException("CAR section", at, "section runs past the CARv2 data size");
    }
    long bodyAt = position;
    // The CID is read from a head no longer than the longest CID; the data goes from the stream
    // straight into an array of its own size (one copy, however large the block).
    byte[] head = readFully((int) Math.min(len, MAX_CID_BYTES), "CAR section");
    ByteReader r = ByteReader.of(head, 0, head.length, bodyAt);
    Cid cid;
    try {
      cid = Cid.read(r);
    } catch (MalformedDataException e) {
      throw new MalformedDataException("CAR section CID", bodyAt, e.getMessage(), e);
    }
    int cidLength = r.position();
    byte[] data = new byte[(int) len - cidLength];
    int inHead = head.length - cidLength;
    System.arraycopy(head, cidLength, data, 0, inHead);
    readFully(data, inHead, "CAR section");
    sectionOffset = at - payloadStart;
    dataOffset = bodyAt + cidLength;
    blocks++;
    return new Section(cid, data, at);
  }

  /**
   * Reads the CARv2 index after the last block (call once {@link #next()} returned null).
   * Empty for CARv1 or a CARv2 without an index.
   */
  public Optional<CarIndex> readIndex() throws IOException {
    if (!finished) {
      throw new IllegalStateException("read every block before the index");
    }
    if (v2 == null || !v2.hasIndex()) {
      return Optional.empty();
    }
    skipTo(v2.indexOffset(), "CARv2 index");
    long base = position;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    byte[] chunk = new byte[64 << 10];
    int n;
    while ((n = in.read(chunk)) > 0) {
      buf.write(chunk, 0, n);
      position += n;
      if (buf.size() > limits.maxIndexSize()) {
        throw new MalformedDataException("CARv2 index", base, "index larger than the limit of " + limits.maxIndexSize());
      }
    }
    return Optional.of(CarIndex.decode(buf.toByteArray(), base));
  }

  private CarHeader readHeader() throws IOException {
    long at = position;
    long len = readVarint("CAR header length", false);
    if (len == 0) {
      throw new MalformedDataException("CAR header length", at, "zero-length header");
    }
    if (len > limits.maxHeaderSize()) {
      throw new MalformedDataException("CAR header length", at,
          "header of " + len + " bytes exceeds the limit of " + limits.maxHeaderSize());
    }
    long bodyAt = position;
    return CarHeader.decodeBody(readFully((int) len, "CAR header"), bodyAt);
  }

  /** Reads a minimal varint; at a clean end of stream returns -1 when {@code eofOk}. */
  private long readVarint(String what, boolean eofOk) throws IOException {
    long at = position;
    byte[] buf = new byte[Varint.MAX_BYTES];
    for (int i = 0; i < Varint.MAX_BYTES; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0 && eofOk) {
          return -1;
        }
        throw new MalformedDataException(what, at, i == 0 ? "unexpected end of input" : "truncated varint");
      }
      position++;
      buf[i] = (byte) b;
      if ((b & 0x80) == 0) {
        return ByteReader.of(buf, 0, i + 1, at).readVarint(what);
      }
    }
    throw new MalformedDataException(what, at, "varint longer than " + Varint.MAX_BYTES + " bytes");
  }

  private byte[] readFully(int n, String what) throws IOException {
    byte[] b = new byte[n];
    readFully(b, 0, what);
    return b;
  }

  /** Fills {@code b} from {@code off} on, straight from the stream. */
  private void readFully(byte[] b, int off, String what) throws IOException {
    long at = position;
    int want = b.length - off;
    int got = in.readNBytes(b, off, want);
    position += got;
    if (got < want) {
      throw new MalformedDataException(what, at, "truncated: needs " + want + " bytes, got " + got);
    }
  }

  private void skipTo(long target, String what) throws IOException {
    if (target < position) {
      throw new MalformedDataException(what, position, "offset " + target + " points backwards");
    }
    try {
      in.skipNBytes(target - position);
    } catch (EOFException e) {
      throw new MalformedDataException(what, position, "offset " + target + " is past the end of the file");
    }
    position = target;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
