package io.cairn.unixfs;

import io.cairn.codec.ByteReader;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ProtoReader;
import io.cairn.codec.ProtoWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The UnixFS {@code Data} message carried in a DAG-PB node's Data field (proto2).
 *
 * <pre>
 * Data {
 *   Type       = 1 (enum, required)    Raw 0, Directory 1, File 2, Metadata 3, Symlink 4, HAMTShard 5
 *   Data       = 2 (bytes)             file bytes, symlink target, or HAMT bitfield
 *   filesize   = 3 (uint64)            required for File and Raw
 *   blocksizes = 4 (repeated uint64)   written unpacked: one tag 0x20 per element
 *   hashType   = 5 (uint64)            HAMT: 0x22 murmur3-x64-64
 *   fanout     = 6 (uint64)            HAMT: 256
 *   mode       = 7 (uint32)            UnixFS 1.5; only & 07777 is interpreted
 *   mtime      = 8 (UnixTime { Seconds = 1 int64, FractionalNanoseconds = 2 fixed32 })
 * }
 * </pre>
 *
 * Fields are written in ascending order, as Go and JS write them. The decoder refuses
 * repeated singular fields, fields out of ascending order, unknown fields and wrong wire
 * types, and checks the rules that make a node meaningful (filesize present for files).
 */
public final class UnixfsData {
  private final UnixfsType type;
  private final byte[] data; // null = absent
  private final long filesize; // -1 = absent
  private final long[] blocksizes;
  private final long hashType; // -1 = absent
  private final long fanout; // -1 = absent
  private final long mode; // uint32, -1 = absent
  private final UnixTime mtime; // null = absent

  private UnixfsData(Builder b) {
    this.type = b.type;
    this.data = b.data;
    this.filesize = b.filesize;
    this.blocksizes = b.blocksizes;
    this.hashType = b.hashType;
    this.fanout = b.fanout;
    this.mode = b.mode;
    this.mtime = b.mtime;
  }

  public static Builder builder(UnixfsType type) {
    return new Builder(type);
  }

  public UnixfsType type() {
    return type;
  }

  /** Data bytes, empty when absent. */
  public byte[] data() {
    return data == null ? new byte[0] : data.clone();
  }

  public boolean hasData() {
    return data != null;
  }

  public int dataLength() {
    return data == null ? 0 : data.length;
  }

  /** Copies {@code len} data bytes from {@code from} into {@code out} at {@code pos}. */
  public void copyData(long from, byte[] out, int pos, int len) {
    System.arraycopy(data, (int) from, out, pos, len);
  }

  public long filesize() {
    return filesize;
  }

  public boolean hasFilesize() {
    return filesize >= 0;
  }

  public long[] blocksizes() {
    return blocksizes.clone();
  }

  public int blocksizeCount() {
    return blocksizes.length;
  }

  public long blocksize(int i) {
    return blocksizes[i];
  }

  public long hashType() {
    return hashType;
  }

  public long fanout() {
    return fanout;
  }

  /** The mode as stored (all 32 bits, so bit 31 shows as a negative int); only {@code & 07777} is meaningful. */
  public OptionalInt mode() {
    return mode < 0 ? OptionalInt.empty() : OptionalInt.of((int) mode);
  }

  public java.util.Optional<UnixTime> mtime() {
    return java.util.Optional.ofNullable(mtime);
  }

  /** Size of the file bytes this node stands for (filesize, or data length when absent). */
  public long fileSize() {
    return filesize >= 0 ? filesize : dataLength();
  }

  public byte[] encode() {
    ProtoWriter w = new ProtoWriter(16 + (data == null ? 0 : data.length) + blocksizes.length * 5);
    w.varintField(1, type.code());
    if (data != null) {
      w.bytesField(2, data);
    }
    if (filesize >= 0) {
      w.varintField(3, filesize);
    }
    for (long bs : blocksizes) {
      w.varintField(4, bs);
    }
    if (hashType >= 0) {
      w.varintField(5, hashType);
    }
    if (fanout >= 0) {
      w.varintField(6, fanout);
    }
    if (mode >= 0) {
      w.varintField(7, mode);
    }
    if (mtime != null) {
      ProtoWriter t = new ProtoWriter(16);
      if (mtime.seconds() >= 0) {
        t.varintField(1, mtime.seconds());
      } else {
        writeNegativeInt64(t, mtime.seconds());
      }
      if (mtime.nanos() != 0) {
        t.fixed32Field(2, mtime.nanos());
      }
      w.bytesField(8, t.toByteArray());
    }
    return w.toByteArray();
  }

  private static void writeNegativeInt64(ProtoWriter t, long seconds) {
    // int64 on the wire is the two's complement as a 10-byte varint; our varint helper is
    // limited to 63 bits, so write it by hand.
    byte[] b = new byte[11];
    b[0] = 0x08;
    long v = seconds;
    for (int i = 1; i <= 10; i++) {
      if (i == 10) {
        b[i] = (byte) (v & 0x01);
      } else {
        b[i] = (byte) ((v & 0x7f) | 0x80);
        v >>>= 7;
      }
    }
    t.rawBytes(b);
  }

  public static UnixfsData decode(byte[] bytes) throws MalformedDataException {
    return decode(ByteReader.of(bytes));
  }

  public static UnixfsData decode(ByteReader in) throws MalformedDataException {
    ProtoReader r = new ProtoReader(in, "UnixFS.Data");
    Builder b = null;
    UnixfsType type = null;
    byte[] data = null;
    long filesize = -1;
    List<Long> blocksizes = new ArrayList<>();
    long hashType = -1;
    long fanout = -1;
    long mode = -1;
    UnixTime mtime = null;
    int last = 0;
    while (r.hasNext()) {
      int field = r.next();
      if (field < last || (field == last && field != 4)) {
        throw r.error(fieldName(field), field == last ? "repeated field" : "field out of order");
      }
      switch (field) {
        case 1 -> {
          long t = r.varint("Type");
          type = UnixfsType.of(t);
          if (type == null) {
            throw r.error("Type", "unknown type " + t);
          }
        }
        case 2 -> data = r.bytes("Data");
        case 3 -> filesize = r.varint("filesize");
        case 4 -> {
          if (r.wireType() == 2) { // packed form: accepted on read, never written
            ByteReader p = r.embedded("blocksizes");
            while (p.hasRemaining()) {
              blocksizes.add(p.readVarint("UnixFS.Data.blocksizes"));
            }
          } else {
            blocksizes.add(r.varint("blocksizes"));
          }
        }
        case 5 -> hashType = r.varint("hashType");
        case 6 -> fanout = r.varint("fanout");
        case 7 -> {
          long m = r.varint("mode");
          if (m > 0xffffffffL) {
            throw r.error("mode", "mode " + m + " does not fit in uint32");
          }
          mode = m;
        }
        case 8 -> mtime = decodeTime(r.embedded("mtime"));
        default -> throw r.error("field" + field, "unknown field " + field);
      }
      last = field;
    }
    if (type == null) {
      throw new MalformedDataException("UnixFS.Data.Type", in.offset(), "missing Type");
    }
    if ((type == UnixfsType.FILE || type == UnixfsType.RAW) && filesize < 0 && data == null && blocksizes.isEmpty()) {
      // Go writes filesize for every File node; tolerate its absence only where data says the size.
      throw new MalformedDataException("UnixFS.Data.filesize", in.offset(), "missing filesize for " + type);
    }
    b = new Builder(type);
    b.data = data;
    b.filesize = filesize;
    b.blocksizes = blocksizes.stream().mapToLong(Long::longValue).toArray();
    b.hashType = hashType;
    b.fanout = fanout;
    b.mode = mode;
    b.mtime = mtime;
    return new UnixfsData(b);
  }

  private static UnixTime decodeTime(ByteReader in) throws MalformedDataException {
    ProtoReader r = new ProtoReader(in, "UnixFS.Data.mtime");
    long seconds = 0;
    int nanos = 0;
    int last = 0;
    boolean sawSeconds = false;
    while (r.hasNext()) {
      int field = r.next();
      if (field <= last) {
        throw r.error(field == 1 ? "Seconds" : "FractionalNanoseconds", field == last ? "repeated field" : "field out of order");
      }
      switch (field) {
        case 1 -> {
          seconds = readInt64(in, r);
          sawSeconds = true;
        }
        case 2 -> {
          nanos = r.fixed32("FractionalNanoseconds");
          if (nanos < 0 || nanos > 999_999_999) {
            throw r.error("FractionalNanoseconds", "out of range 0..999999999: " + Integer.toUnsignedString(nanos));
          }
        }
        default -> throw r.error("field" + field, "unknown field " + field);
      }
      last = field;
    }
    if (!sawSeconds) {
      throw new MalformedDataException("UnixFS.Data.mtime.Seconds", in.offset(), "missing Seconds");
    }
    return new UnixTime(seconds, nanos);
  }

  /** int64 varint: up to 10 bytes, negative values in two's complement. */
  private static long readInt64(ByteReader in, ProtoReader r) throws MalformedDataException {
    r.expectWireType("Seconds", 0);
    long at = in.offset();
    long v = 0;
    for (int i = 0; i < 10; i++) {
      int b = in.readByte("UnixFS.Data.mtime.Seconds");
      v |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (i > 0 && b == 0) {
          throw new MalformedDataException("UnixFS.Data.mtime.Seconds", at, "non-minimal varint");
        }
        if (i == 9 && b > 1) {
          throw new MalformedDataException("UnixFS.Data.mtime.Seconds", at, "int64 overflow");
        }
        return v;
      }
    }
    throw new MalformedDataException("UnixFS.Data.mtime.Seconds", at, "varint longer than 10 bytes");
  }

  private static String fieldName(int field) {
    return switch (field) {
      case 1 -> "Type";
      case 2 -> "Data";
      case 3 -> "filesize";
      case 4 -> "blocksizes";
      case 5 -> "hashType";
      case 6 -> "fanout";
      case 7 -> "mode";
      case 8 -> "mtime";
      default -> "field" + field;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnixfsData d && type == d.type && Arrays.equals(data, d.data) && filesize == d.filesize
        && Arrays.equals(blocksizes, d.blocksizes) && hashType == d.hashType && fanout == d.fanout
        && mode == d.mode && Objects.equals(mtime, d.mtime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(data), filesize, Arrays.hashCode(blocksizes), mode, mtime);
  }

  @Override
  public String toString() {
    return "UnixfsData{" + type + ", data=" + dataLength() + "B, filesize=" + filesize
        + ", blocksizes=" + blocksizes.length + (mode >= 0 ? ", mode=" + Long.toOctalString(mode) : "")
        + (mtime != null ? ", mtime=" + mtime : "") + "}";
  }

  /** Builds a {@link UnixfsData}; unset fields are absent. */
  public static final class Builder {
    private final UnixfsType type;
    private byte[] data;
    private long filesize = -1;
    private long[] blocksizes = new long[0];
    private long hashType = -1;
    private long fanout = -1;
    private long mode = -1;
    private UnixTime mtime;

    private Builder(UnixfsType type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder data(byte[] data) {
      this.data = data.clone();
      return this;
    }

    public Builder data(byte[] data, int off, int len) {
      this.data = Arrays.copyOfRange(data, off, off + len);
      return this;
    }

    public Builder filesize(long filesize) {
      this.filesize = filesize;
      return this;
    }

    public Builder blocksizes(long[] blocksizes) {
      this.blocksizes = blocksizes.clone();
      return this;
    }

    public Builder hashType(long hashType) {
      this.hashType = hashType;
      return this;
    }

    public Builder fanout(long fanout) {
      this.fanout = fanout;
      return this;
    }

    /** The mode's 32 bits (an int with bit 31 set is stored as the uint32 it stands for). */
    public Builder mode(int mode) {
      this.mode = mode & 0xffffffffL;
      return this;
    }

    public Builder mtime(UnixTime mtime) {
      this.mtime = mtime;
      return this;
    }

    public UnixfsData build() {
      return new UnixfsData(this);
    }
  }
}
