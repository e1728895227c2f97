package io.cairn.codec;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DAG-CBOR codec (multicodec 0x71): the deterministic subset of CBOR that IPLD uses.
 *
 * <p>Values map to Java as: null, {@link Boolean}, {@link Long} (or {@link BigInteger} outside
 * the long range, down to -2^64 and up to 2^64-1), {@link Double}, {@link String},
 * {@code byte[]}, {@link List}, {@link Map} with {@link String} keys, and {@link Cid} (tag 42
 * over {@code 00 ‖ CID bytes}).
 *
 * <p>The encoder writes the one canonical form: shortest integer and length heads, 64-bit
 * floats, map keys sorted by length and then bytewise. The decoder accepts only that form: it
 * refuses indefinite lengths, non-minimal heads, unsorted or duplicate keys, tags other than
 * 42, simple values other than false/true/null, floats narrower than 64 bits, NaN and
 * infinities, invalid UTF-8, nesting deeper than {@value #MAX_DEPTH}, and trailing bytes.
 */
public final class DagCbor {
  public static final int MAX_DEPTH = 256;

  private static final Comparator<byte[]> KEY_ORDER =
      Comparator.<byte[]>comparingInt(k -> k.length).thenComparing(Arrays::compareUnsigned);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private DagCbor() {}

  // ---------------------------------------------------------------- encoding

  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value, 0);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("DAG-CBOR value nested deeper than " + MAX_DEPTH);
    }
    if (v == null) {
      out.write(0xf6);
    } else if (v instanceof Boolean b) {
      out.write(b ? 0xf5 : 0xf4);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long n = ((Number) v).longValue();
      if (n >= 0) {
        head(out, 0, n);
      } else {
        head(out, 1, -1 - n);
      }
    } else if (v instanceof BigInteger big) {
      writeBig(out, big);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("DAG-CBOR cannot hold NaN or infinity");
      }
      out.write(0xfb);
      out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
    } else if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      head(out, 3, b.length);
      out.writeBytes(b);
    } else if (v instanceof byte[] b) {
      head(out, 2, b.length);
      out.writeBytes(b);
    } else if (v instanceof Cid cid) {
      out.write(0xd8);
      out.write(42);
      byte[] c = cid.bytes();
      head(out, 2, c.length + 1L);
      out.write(0);
      out.writeBytes(c);
    } else if (v instanceof List<?> list) {
      head(out, 4, list.size());
      for (Object o : list) {
        write(out, o, depth + 1);
      }
    } else if (v instanceof Map<?, ?> map) {
      List<Map.Entry<byte[], Object>> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("DAG-CBOR map keys must be strings, got " + e.getKey());
        }
        entries.add(Map.entry(k.getBytes(StandardCharsets.UTF_8), e.getValue() == null ? NULL : e.getValue()));
      }
      entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
      head(out, 5, entries.size());
      for (Map.Entry<byte[], Object> e : entries) {
        head(out, 3, e.getKey().length);
        out.writeBytes(e.getKey());
        write(out, e.getValue() == NULL ? null : e.getValue(), depth + 1);
      }
    } else {
      throw new IllegalArgumentException("no DAG-CBOR form for " + v.getClass().getName());
    }
  }

  private static final Object NULL = new Object();

  private static void writeBig(ByteArrayOutputStream out, BigInteger big) {
    if (big.signum() >= 0) {
      if (big.compareTo(TWO_64) >= 0) {
        throw new IllegalArgumentException("integer over 2^64-1: " + big);
      }
      headUnsigned(out, 0, big);
    } else {
      BigInteger m = big.negate().subtract(BigInteger.ONE);
      if (m.compareTo(TWO_64) >= 0) {
        throw new IllegalArgumentException("integer under -2^64: " + big);
      }
      headUnsigned(out, 1, m);
    }
  }

  private static void headUnsigned(ByteArrayOutputStream out, int major, BigInteger n) {
    if (n.bitLength() < 64) {
      head(out, major, n.longValue());
    } else {
      out.write(major << 5 | 27);
      out.writeBytes(ByteBuffer.allocate(8).putLong(n.longValue()).array());
    }
  }

  private static void head(ByteArrayOutputStream out, int major, long n) {
    int m = major << 5;
    if (n < 24) {
      out.write(m | (int) n);
    } else if (n < 0x100) {
      out.write(m | 24);
      out.write((int) n);
    } else if (n < 0x10000) {
      out.write(m | 25);
      out.write((int) (n >>> 8));
      out.write((int) n);
    } else if (n < 0x100000000L) {
      out.write(m | 26);
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) n).array());
    } else {
      out.write(m | 27);
      out.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
    }
  }

  // ---------------------------------------------------------------- decoding

  public static Object decode(byte[] bytes) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes);
    Object v = read(r, 0);
    if (r.hasRemaining()) {
      throw new MalformedDataException("DAG-CBOR", r.offset(), r.remaining() + " trailing bytes");
    }
    return v;
  }

  /** Reads one value from {@code r}, leaving the reader after it. */
  public static Object read(ByteReader r) throws MalformedDataException {
    return read(r, 0);
  }

  private static Object read(ByteReader r, int depth) throws MalformedDataException {
    long at = r.offset();
    if (depth > MAX_DEPTH) {
      throw new MalformedDataException("DAG-CBOR", at, "nested deeper than " + MAX_DEPTH);
    }
    int initial = r.readByte("DAG-CBOR item");
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (major == 7) {
      return readSimple(r, info, at);
    }
    if (info == 31) {
      throw new MalformedDataException("DAG-CBOR", at, "indefinite-length items are not allowed");
    }
    long n = readArgument(r, info, at); // unsigned 64-bit in a long
    switch (major) {
      case 0:
        return n >= 0 ? (Object) n : new BigInteger(Long.toUnsignedString(n));
      case 1:
        if (n >= 0) {
          return -1 - n;
        }
        return new BigInteger(Long.toUnsignedString(n)).negate().subtract(BigInteger.ONE);
      case 2:
        return r.readBytes(checkedLength(r, n, at, "byte string"), "DAG-CBOR byte string");
      case 3:
        return utf8(r.readBytes(checkedLength(r, n, at, "text string"), "DAG-CBOR text string"), at);
      case 4: {
        int len = checkedLength(r, n, at, "array");
        List<Object> list = new ArrayList<>(Math.min(len, 1024));
        for (int i = 0; i < len; i++) {
          list.add(read(r, depth + 1));
        }
        return Collections.unmodifiableList(list);
      }
      case 5: {
        int len = checkedLength(r, n, at, "map");
        Map<String, Object> map = new LinkedHashMap<>();
        byte[] previous = null;
        for (int i = 0; i < len; i++) {
          long keyAt = r.offset();
          int keyHead = r.peekByte("DAG-CBOR map key");
          if (keyHead >>> 5 != 3) {
            throw new MalformedDataException("DAG-CBOR map key", keyAt, "map keys must be text strings");
          }
          r.readByte("DAG-CBOR map key");
          if ((keyHead & 0x1f) == 31) {
            throw new MalformedDataException("DAG-CBOR map key", keyAt, "indefinite-length key");
          }
          long klen = readArgument(r, keyHead & 0x1f, keyAt);
          byte[] key = r.readBytes(checkedLength(r, klen, keyAt, "map key"), "DAG-CBOR map key");
          if (previous != null) {
            int c = KEY_ORDER.compare(previous, key);
            if (c == 0) {
              throw new MalformedDataException("DAG-CBOR map key", keyAt, "duplicate key \"" + utf8(key, keyAt) + "\"");
            } else if (c > 0) {
              throw new MalformedDataException("DAG-CBOR map key", keyAt,
                  "keys not in canonical order (length first, then bytewise)");
            }
          }
          previous = key;
          map.put(utf8(key, keyAt), read(r, depth + 1));
        }
        return Collections.unmodifiableMap(map);
      }
      case 6: {
        if (n != 42) {
          throw new MalformedDataException("DAG-CBOR tag", at, "only tag 42 (CID) is allowed, got " + Long.toUnsignedString(n));
        }
        long cidAt = r.offset();
        int h = r.readByte("DAG-CBOR CID");
        if (h >>> 5 != 2 || (h & 0x1f) == 31) {
          throw new MalformedDataException("DAG-CBOR CID", cidAt, "tag 42 must wrap a byte string");
        }
        long len = readArgument(r, h & 0x1f, cidAt);
        byte[] b = r.readBytes(checkedLength(r, len, cidAt, "CID"), "DAG-CBOR CID");
        if (b.length == 0 || b[0] != 0) {
          throw new MalformedDataException("DAG-CBOR CID", cidAt, "CID bytes must start with the 0x00 multibase prefix");
        }
        try {
          return Cid.decode(Arrays.copyOfRange(b, 1, b.length));
        } catch (MalformedDataException e) {
          throw new MalformedDataException("DAG-CBOR CID", cidAt, "invalid CID: " + e.getMessage(), e);
        }
      }
      default:
        throw new AssertionError(major);
    }
  }

  private static Object readSimple(ByteReader r, int info, long at) throws MalformedDataException {
    switch (info) {
      case 20:
        return Boolean.FALSE;
      case 21:
        return Boolean.TRUE;
      case 22:
        return null;
      case 27: {
        double d = Double.longBitsToDouble(readBigEndian(r, 8));
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new MalformedDataException("DAG-CBOR float", at, "NaN and infinities are not allowed");
        }
        return d;
      }
      case 25:
      case 26:
        throw new MalformedDataException("DAG-CBOR float", at, "floats must be encoded in 64 bits");
      case 23:
        throw new MalformedDataException("DAG-CBOR", at, "undefined is not allowed");
      default:
        throw new MalformedDataException("DAG-CBOR", at, "simple value " + info + " is not allowed");
    }
  }

  private static long readArgument(ByteReader r, int info, long at) throws MalformedDataException {
    long n;
    switch (info) {
      case 24:
        n = r.readByte("DAG-CBOR argument");
        if (n < 24) {
          throw nonMinimal(at);
        }
        return n;
      case 25:
        n = readBigEndian(r, 2);
        if (n < 0x100) {
          throw nonMinimal(at);
        }
        return n;
      case 26:
        n = readBigEndian(r, 4);
        if (n < 0x10000) {
          throw nonMinimal(at);
        }
        return n;
      case 27:
        n = readBigEndian(r, 8);
        if (Long.compareUnsigned(n, 0x100000000L) < 0) {
          throw nonMinimal(at);
        }
        return n;
      default:
        if (info < 24) {
          return info;
        }
        throw new MalformedDataException("DAG-CBOR", at, "reserved additional information " + info);
    }
  }

  private static MalformedDataException nonMinimal(long at) {
    return new MalformedDataException("DAG-CBOR", at, "integer or length not in its shortest form");
  }

  private static long readBigEndian(ByteReader r, int n) throws MalformedDataException {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | r.readByte("DAG-CBOR argument");
    }
    return v;
  }

  /** A declared length must fit in what is left (each element takes at least one byte). */
  private static int checkedLength(ByteReader r, long n, long at, String what) throws MalformedDataException {
    if (n < 0 || n > r.remaining()) {
      throw new MalformedDataException("DAG-CBOR " + what, at,
          "declared length " + Long.toUnsignedString(n) + " exceeds the " + r.remaining() + " bytes left");
    }
    return (int) n;
  }

  private static String utf8(byte[] b, long at) throws MalformedDataException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException("DAG-CBOR text string", at, "invalid UTF-8");
    }
  }
}
