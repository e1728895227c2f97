package io.cairn.codec;

/**
 * Unsigned LEB128 varints as multiformats uses them: seven bits per byte, least significant
 * group first, the high bit set on every byte but the last. At most {@value #MAX_BYTES} bytes
 * (63 bits) and always minimal: {@code 81 00} is not a valid encoding of 1.
 *
 * <pre>
 *   1   → 01
 *   127 → 7f
 *   128 → 80 01
 *   300 → ac 02
 * </pre>
 */
public final class Varint {
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** Number of bytes {@code value} takes. */
  public static int size(long value) {
    checkValue(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[size(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code pos}, returning the position after it. */
  public static int write(long value, byte[] out, int pos) {
    checkValue(value);
    while ((value & ~0x7fL) != 0) {
      out[pos++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[pos++] = (byte) value;
    return pos;
  }

  /** Decodes exactly one varint filling all of {@code bytes}. */
  public static long decode(byte[] bytes) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes);
    long v = r.readVarint("varint");
    if (r.hasRemaining()) {
      throw new MalformedDataException("varint", r.offset(), r.remaining() + " trailing bytes");
    }
    return v;
  }

  private static void checkValue(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint value must be in 0..2^63-1: " + value);
    }
  }
}
