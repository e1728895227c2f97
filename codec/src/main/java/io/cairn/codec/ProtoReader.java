package io.cairn.codec;

/**
 * Reads the protobuf wire format with the strictness IPLD codecs need: callers see every
 * field in input order and decide what order, repetition and wire types are allowed.
 * Lengths are bounds-checked; errors name the message and field being read.
 */
public final class ProtoReader {
  private final ByteReader in;
  private final String message;
  private int field;
  private int wireType;
  private long fieldOffset;

  public ProtoReader(ByteReader in, String message) {
    this.in = in;
    this.message = message;
  }

  public boolean hasNext() {
    return in.hasRemaining();
  }

  /** Reads the next tag; returns the field number (wire type via {@link #wireType()}). */
  public int next() throws MalformedDataException {
    fieldOffset = in.offset();
    long tag = in.readVarint(message + " field tag");
    field = (int) Math.min(tag >>> 3, Integer.MAX_VALUE);
    wireType = (int) (tag & 7);
    if (field == 0) {
      throw new MalformedDataException(message, fieldOffset, "field number 0");
    }
    return field;
  }

  public int wireType() {
    return wireType;
  }

  /** Offset of the current field's tag. */
  public long fieldOffset() {
    return fieldOffset;
  }

  public MalformedDataException error(String fieldName, String problem) {
    return new MalformedDataException(message + "." + fieldName, fieldOffset, problem);
  }

  public void expectWireType(String fieldName, int expected) throws MalformedDataException {
    if (wireType != expected) {
      throw error(fieldName, "wire type " + wireType + ", expected " + expected);
    }
  }

  public long varint(String fieldName) throws MalformedDataException {
    expectWireType(fieldName, ProtoWriter.WIRE_VARINT);
    return in.readVarint(message + "." + fieldName);
  }

  public byte[] bytes(String fieldName) throws MalformedDataException {
    expectWireType(fieldName, ProtoWriter.WIRE_BYTES);
    long len = in.readVarint(message + "." + fieldName + " length");
    return in.readBytes(len, message + "." + fieldName);
  }

  public ByteReader embedded(String fieldName) throws MalformedDataException {
    expectWireType(fieldName, ProtoWriter.WIRE_BYTES);
    long len = in.readVarint(message + "." + fieldName + " length");
    return in.slice(len, message + "." + fieldName);
  }

  public int fixed32(String fieldName) throws MalformedDataException {
    expectWireType(fieldName, ProtoWriter.WIRE_FIXED32);
    return in.readIntLE(message + "." + fieldName);
  }
}
