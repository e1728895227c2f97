package io.cairn.cluster;

import io.cairn.codec.ByteReader;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The audit history's records as {@link HistoryStore} keeps them: key layouts and the strict
 * decoding of stored values. No I/O.
 *
 * <pre>
 * 'h' CID-bytes index(8, big-endian) position(4, big-endian)  → HistoryEvent  {"i","t","k","alloc"}
 * 'm' index(8) position(4)                                     → MemberEvent   {"i","t","k","peer"}
 * 's'                                                          → index(8)
 * </pre>
 */
final class HistoryRecords {
  static final byte CID_EVENT = 'h';
  static final byte MEMBER_EVENT = 'm';
  static final byte[] DURABLE_KEY = {'s'};

  private HistoryRecords() {}

  static byte[] encode(HistoryEvent e) {
    return DagCbor.encode(ClusterWire.event(e));
  }

  static byte[] encode(MemberEvent e) {
    return DagCbor.encode(ClusterWire.member(e));
  }

  /** A stored CID event, strictly: canonical DAG-CBOR, known fields only, its index the key's. */
  static HistoryEvent decodeEvent(String what, long keyIndex, byte[] value) throws MalformedDataException {
    HistoryEvent e = ClusterWire.event(fields(what, value));
    if (e.index() != keyIndex) {
      throw new MalformedDataException(what + ".i", 0, "index " + e.index() + " stored under index " + keyIndex);
    }
    return e;
  }

  /** A stored membership event, as strictly. */
  static MemberEvent decodeMember(String what, long keyIndex, byte[] value) throws MalformedDataException {
    MemberEvent e = ClusterWire.member(fields(what, value));
    if (e.index() != keyIndex) {
      throw new MalformedDataException(what + ".i", 0, "index " + e.index() + " stored under index " + keyIndex);
    }
    return e;
  }

  private static CborFields fields(String what, byte[] value) throws MalformedDataException {
    ByteReader r = ByteReader.of(value, 0, value.length, 0);
    Object decoded;
    try {
      decoded = DagCbor.read(r);
    } catch (MalformedDataException e) {
      throw new MalformedDataException(what, e.offset(), "not DAG-CBOR: " + e.getMessage(), e);
    }
    if (r.hasRemaining()) {
      throw new MalformedDataException(what, r.offset(), "trailing bytes after the value");
    }
    return CborFields.of(what, decoded);
  }

  static Cid decodeCid(byte[] bytes, byte[] key) throws MalformedDataException {
    try {
      return Cid.decode(bytes);
    } catch (MalformedDataException e) {
      throw new MalformedDataException("cluster history key " + HexFormat.of().formatHex(key), 1,
          "not a CID: " + e.getMessage(), e);
    }
  }

  static byte[] cidKey(byte[] cid, long index, int position) {
    return ByteBuffer.allocate(1 + cid.length + 12).put(CID_EVENT).put(cid).putLong(index).putInt(position).array();
  }

  static byte[] cidPrefix(byte[] cid) {
    return ByteBuffer.allocate(1 + cid.length).put(CID_EVENT).put(cid).array();
  }

  /** Past every key of {@code cid} (indexes are non-negative, so their first byte is below 0xff). */
  static byte[] cidEnd(byte[] cid) {
    return cidKey(cid, -1, -1);
  }

  static byte[] memberKey(long index, int position) {
    return ByteBuffer.allocate(13).put(MEMBER_EVENT).putLong(index).putInt(position).array();
  }

  static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
