package io.cairn.car;

import io.cairn.codec.ByteReader;
import io.cairn.codec.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The fixed part of a CARv2 file, after the 11-byte pragma.
 *
 * <pre>
 * pragma:  0a a1 67 "version" 02          (varint 10 ‖ DAG-CBOR {version: 2})
 * header:  characteristics  16 bytes       bit 7 of byte 0 = fully indexed
 *          dataOffset        u64 LE        offsets count from the first pragma byte
 *          dataSize          u64 LE
 *          indexOffset       u64 LE        0 = no index
 * </pre>
 */
public record CarV2Header(byte[] characteristics, long dataOffset, long dataSize, long indexOffset) {
  public static final byte[] PRAGMA = {0x0a, (byte) 0xa1, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x02};
  public static final int SIZE = 40;
  /** Where the CARv1 payload starts when nothing is padded: pragma + header. */
  public static final long DEFAULT_DATA_OFFSET = PRAGMA.length + SIZE;

  public CarV2Header {
    characteristics = characteristics.clone();
    if (characteristics.length != 16) {
      throw new IllegalArgumentException("characteristics must be 16 bytes");
    }
  }

  @Override
  public byte[] characteristics() {
    return characteristics.clone();
  }

  public boolean fullyIndexed() {
    return (characteristics[0] & 0x80) != 0;
  }

  public boolean hasIndex() {
    return indexOffset != 0;
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(characteristics).putLong(dataOffset).putLong(dataSize).putLong(indexOffset);
    return b.array();
  }

  /** Decodes and checks the 40 bytes after the pragma. */
  public static CarV2Header decode(byte[] bytes) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes, 0, bytes.length, PRAGMA.length);
    byte[] ch = r.readBytes(16, "CARv2 header.characteristics");
    long dataOffset = r.readLongLE("CARv2 header.dataOffset");
    long dataSize = r.readLongLE("CARv2 header.dataSize");
    long indexOffset = r.readLongLE("CARv2 header.indexOffset");
    if (dataOffset < DEFAULT_DATA_OFFSET) {
      throw new MalformedDataException("CARv2 header.dataOffset", PRAGMA.length + 16,
          "data offset " + dataOffset + " points inside the header");
    }
    if (dataSize < 0 || dataOffset + dataSize < dataOffset) {
      throw new MalformedDataException("CARv2 header.dataSize", PRAGMA.length + 24, "data size " + dataSize + " overflows");
    }
    if (indexOffset != 0 && (indexOffset < 0 || indexOffset < dataOffset + dataSize)) {
      throw new MalformedDataException("CARv2 header.indexOffset", PRAGMA.length + 32,
          "index offset " + indexOffset + " overlaps the data (which ends at " + (dataOffset + dataSize) + ")");
    }
    return new CarV2Header(ch, dataOffset, dataSize, indexOffset);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CarV2Header h && Arrays.equals(characteristics, h.characteristics)
        && dataOffset == h.dataOffset && dataSize == h.dataSize && indexOffset == h.indexOffset;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(characteristics) * 31 + Long.hashCode(dataOffset ^ dataSize ^ indexOffset);
  }
}
