package io.cairn.codec;

import java.util.Arrays;

/**
 * Writes the protobuf wire format, field by field, in the order the caller gives: encoders
 * that must match existing bytes (DAG-PB, UnixFS) control field order themselves.
 */
public final class ProtoWriter {
  public static final int WIRE_VARINT = 0;
  public static final int WIRE_FIXED64 = 1;
  public static final int WIRE_BYTES = 2;
  public static final int WIRE_FIXED32 = 5;

  private byte[] buf;
  private int size;

  public ProtoWriter() {
    this(64);
  }

  public ProtoWriter(int expectedSize) {
    buf = new byte[Math.max(16, expectedSize)];
  }

  public ProtoWriter varintField(int field, long value) {
    tag(field, WIRE_VARINT);
    rawVarint(value);
    return this;
  }

  public ProtoWriter bytesField(int field, byte[] value) {
    return bytesField(field, value, 0, value.length);
  }

  public ProtoWriter bytesField(int field, byte[] value, int off, int len) {
    tag(field, WIRE_BYTES);
    rawVarint(len);
    ensure(len);
    System.arraycopy(value, off, buf, size, len);
    size += len;
    return this;
  }

  public ProtoWriter fixed32Field(int field, int value) {
    tag(field, WIRE_FIXED32);
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** Appends bytes as they are (for encodings this writer has no method for). */
  public ProtoWriter rawBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long value) {
    ensure(Varint.MAX_BYTES);
    size = Varint.write(value, buf, size);
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Size of a length-delimited field with a payload of {@code len} bytes. */
  public static int bytesFieldSize(int field, int len) {
    return Varint.size((long) field << 3) + Varint.size(len) + len;
  }

  /** Size of a varint field. */
  public static int varintFieldSize(int field, long value) {
    return Varint.size((long) field << 3) + Varint.size(value);
  }
}
