package io.cairn.codec;

import java.util.Arrays;

/**
 * A bounds-checked cursor over a byte array. Every read that would run past the end throws a
 * {@link MalformedDataException} naming the field being read and the offset, so decoders
 * built on it never surface an {@code IndexOutOfBoundsException}.
 *
 * <p>Offsets reported in errors are absolute: {@code base + position}, where {@code base} lets
 * a reader over a slice report positions in the enclosing input.
 */
public final class ByteReader {
  private final byte[] data;
  private final long base;
  private int pos;
  private final int limit;

  private ByteReader(byte[] data, int from, int limit, long base) {
    this.data = data; // Trusted: callers never mutate while reading.
    this.pos = from;
    this.limit = limit;
    this.base = base;
  }

  public static ByteReader of(byte[] data) {
    return new ByteReader(data, 0, data.length, 0);
  }

  public static ByteReader of(byte[] data, int from, int to) {
    if (from < 0 || to > data.length || from > to) {
      throw new IllegalArgumentException("bad range " + from + ".." + to + " of " + data.length);
    }
    return new ByteReader(data, from, to, 0);
  }

  /** Reader over {@code [from, to)} reporting offsets as {@code base + (index - from)}. */
  public static ByteReader of(byte[] data, int from, int to, long base) {
    if (from < 0 || to > data.length || from > to) {
      throw new IllegalArgumentException("bad range " + from + ".." + to + " of " + data.length);
    }
    return new ByteReader(data, from, to, base - from);
  }

  /** Absolute offset of the next byte, for error messages. */
  public long offset() {
    return base + pos;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return limit - pos;
  }

  public boolean hasRemaining() {
    return pos < limit;
  }

  public int readByte(String what) throws MalformedDataException {
    if (pos >= limit) {
      throw new MalformedDataException(what, offset(), "unexpected end of input");
    }
    return data[pos++] & 0xff;
  }

  public int peekByte(String what) throws MalformedDataException {
    if (pos >= limit) {
      throw new MalformedDataException(what, offset(), "unexpected end of input");
    }
    return data[pos] & 0xff;
  }

  public byte[] readBytes(long n, String what) throws MalformedDataException {
    if (n < 0 || n > limit - pos) {
      throw new MalformedDataException(
          what, offset(), "needs " + n + " bytes but only " + (limit - pos) + " remain");
    }
    byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  /** Returns a reader over the next {@code n} bytes and skips them here. */
  public ByteReader slice(long n, String what) throws MalformedDataException {
    if (n < 0 || n > limit - pos) {
      throw new MalformedDataException(
          what, offset(), "needs " + n + " bytes but only " + (limit - pos) + " remain");
    }
    ByteReader r = new ByteReader(data, pos, pos + (int) n, base);
    pos += (int) n;
    return r;
  }

  /** Reads a minimal unsigned varint of at most 9 bytes (63 bits). */
  public long readVarint(String what) throws MalformedDataException {
    long start = offset();
    long value = 0;
    for (int i = 0; ; i++) {
      if (i == Varint.MAX_BYTES) {
        throw new MalformedDataException(what, start, "varint longer than " + Varint.MAX_BYTES + " bytes");
      }
      if (pos >= limit) {
        throw new MalformedDataException(what, start, "truncated varint");
      }
      int b = data[pos++] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedDataException(what, start, "non-minimal varint encoding");
        }
        return value;
      }
    }
  }

  /** Reads a varint that must fit in an int (0..Integer.MAX_VALUE). */
  public int readVarintInt(String what) throws MalformedDataException {
    long start = offset();
    long v = readVarint(what);
    if (v > Integer.MAX_VALUE) {
      throw new MalformedDataException(what, start, "value " + v + " too large");
    }
    return (int) v;
  }

  public long readLongLE(String what) throws MalformedDataException {
    if (limit - pos < 8) {
      throw new MalformedDataException(what, offset(), "needs 8 bytes but only " + (limit - pos) + " remain");
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  public int readIntLE(String what) throws MalformedDataException {
    if (limit - pos < 4) {
      throw new MalformedDataException(what, offset(), "needs 4 bytes but only " + (limit - pos) + " remain");
    }
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
        | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }
}
