package io.cairn.car;

import io.cairn.codec.ByteReader;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.codec.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A CARv2 index, in go-car's two sorted layouts. Offsets are relative to the start of the
 * CARv1 payload and point at a section's length varint.
 *
 * <pre>
 * index          = varint(codec) ‖ body
 * IndexSorted (0x0400):
 *   i32 LE  bucket count
 *   per bucket, ascending width:  u32 LE width (= digest length + 8)
 *                                 u64 LE byte length of the entries
 *                                 entries: digest ‖ u64 LE offset, sorted by digest bytes
 * MultihashIndexSorted (0x0401):
 *   i32 LE  number of hash-code groups
 *   per group, ascending code:    u64 LE multihash code ‖ IndexSorted body
 * </pre>
 *
 * An IndexSorted knows digests only, so its entries carry hash code -1.
 */
public final class CarIndex {
  /** One indexed block: its multihash code (-1 if unknown), digest and section offset. */
  public record Entry(long code, byte[] digest, long offset) {
    public Entry {
      digest = digest.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && code == e.code && offset == e.offset && Arrays.equals(digest, e.digest);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(digest) * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
      return "Entry{" + code + ", " + java.util.HexFormat.of().formatHex(digest) + ", " + offset + "}";
    }
  }

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::code).thenComparing((a, b) -> Arrays.compareUnsigned(a.digest, b.digest));

  private final Multicodec codec;
  private final List<Entry> entries; // sorted by code, then digest

  private CarIndex(Multicodec codec, List<Entry> entries) {
    this.codec = codec;
    this.entries = entries;
  }

  /** A MultihashIndexSorted over these (multihash, offset) pairs. */
  public static CarIndex multihashSorted(Map<Multihash, Long> offsets) {
    List<Entry> list = new ArrayList<>(offsets.size());
    offsets.forEach((mh, off) -> list.add(new Entry(mh.code().code(), mh.digest(), off)));
    list.sort(ORDER);
    return new CarIndex(Multicodec.CAR_MULTIHASH_INDEX_SORTED, List.copyOf(list));
  }

  public Multicodec codec() {
    return codec;
  }

  public List<Entry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  /** The offset of the block with this multihash, if indexed. */
  public Optional<Long> lookup(Multihash mh) {
    byte[] d = mh.digest();
    for (Entry e : entries) { // linear: indexes are consulted rarely; a map is built by callers
      if ((e.code == -1 || e.code == mh.code().code()) && Arrays.equals(e.digest, d)) {
        return Optional.of(e.offset);
      }
    }
    return Optional.empty();
  }

  /** The index as stored after a CARv2 payload: varint(codec) ‖ body. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Varint.encode(codec.code()));
    if (codec.equals(Multicodec.CAR_INDEX_SORTED)) {
      writeSorted(out, entries);
    } else {
      TreeMap<Long, List<Entry>> byCode = new TreeMap<>();
      for (Entry e : entries) {
        byCode.computeIfAbsent(e.code, k -> new ArrayList<>()).add(e);
      }
      out.writeBytes(le(4).putInt(byCode.size()).array());
      for (Map.Entry<Long, List<Entry>> g : byCode.entrySet()) {
        out.writeBytes(le(8).putLong(g.getKey()).array());
        writeSorted(out, g.getValue());
      }
    }
    return out.toByteArray();
  }

  private static void writeSorted(ByteArrayOutputStream out, List<Entry> entries) {
    TreeMap<Integer, List<Entry>> byWidth = new TreeMap<>();
    for (Entry e : entries) {
      byWidth.computeIfAbsent(e.digest.length + 8, k -> new ArrayList<>()).add(e);
    }
    out.writeBytes(le(4).putInt(byWidth.size()).array());
    for (Map.Entry<Integer, List<Entry>> b : byWidth.entrySet()) {
      List<Entry> list = new ArrayList<>(b.getValue());
      list.sort((x, y) -> Arrays.compareUnsigned(x.digest, y.digest));
      out.writeBytes(le(4).putInt(b.getKey()).array());
      out.writeBytes(le(8).putLong((long) b.getKey() * list.size()).array());
      for (Entry e : list) {
        out.writeBytes(e.digest);
        out.writeBytes(le(8).putLong(e.offset).array());
      }
    }
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Decodes an index (varint codec first); {@code base} is its offset in the file, for errors. */
  public static CarIndex decode(byte[] bytes, long base) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes, 0, bytes.length, base);
    long at = r.offset();
    Multicodec codec = Multicodec.of(r.readVarint("CARv2 index codec"));
    List<Entry> entries = new ArrayList<>();
    if (codec.equals(Multicodec.CAR_INDEX_SORTED)) {
      readSorted(r, -1, entries);
    } else if (codec.equals(Multicodec.CAR_MULTIHASH_INDEX_SORTED)) {
      long countAt = r.offset();
      int groups = r.readIntLE("MultihashIndexSorted group count");
      if (groups < 0) {
        throw new MalformedDataException("MultihashIndexSorted group count", countAt, "negative count " + groups);
      }
      long previous = -1;
      for (int i = 0; i < groups; i++) {
        long codeAt = r.offset();
        long code = r.readLongLE("MultihashIndexSorted code");
        if (code < 0 || code <= previous) {
          throw new MalformedDataException("MultihashIndexSorted code", codeAt, "codes not in ascending order");
        }
        previous = code;
        readSorted(r, code, entries);
      }
    } else {
      throw new MalformedDataException("CARv2 index codec", at, "unsupported index type " + codec);
    }
    if (r.hasRemaining()) {
      throw new MalformedDataException("CARv2 index", r.offset(), r.remaining() + " trailing bytes");
    }
    entries.sort(ORDER);
    return new CarIndex(codec, List.copyOf(entries));
  }

  private static void readSorted(ByteReader r, long code, List<Entry> out) throws MalformedDataException {
    long countAt = r.offset();
    int buckets = r.readIntLE("IndexSorted bucket count");
    if (buckets < 0) {
      throw new MalformedDataException("IndexSorted bucket count", countAt, "negative count " + buckets);
    }
    long previousWidth = -1;
    for (int b = 0; b < buckets; b++) {
      long widthAt = r.offset();
      long width = r.readIntLE("IndexSorted width") & 0xffffffffL;
      if (width <= 8 || width <= previousWidth) {
        throw new MalformedDataException("IndexSorted width", widthAt,
            width <= 8 ? "width " + width + " leaves no room for a digest" : "widths not in ascending order");
      }
      previousWidth = width;
      long lenAt = r.offset();
      long len = r.readLongLE("IndexSorted entries length");
      if (len < 0 || len % width != 0 || len > r.remaining()) {
        throw new MalformedDataException("IndexSorted entries length", lenAt,
            "length " + len + " is not a multiple of width " + width + " within the " + r.remaining() + " bytes left");
      }
      byte[] previous = null;
      for (long i = 0; i < len / width; i++) {
        long entryAt = r.offset();
        byte[] digest = r.readBytes(width - 8, "IndexSorted digest");
        long offset = r.readLongLE("IndexSorted offset");
        if (offset < 0) {
          throw new MalformedDataException("IndexSorted offset", entryAt, "negative offset");
        }
        if (previous != null && Arrays.compareUnsigned(previous, digest) > 0) {
          throw new MalformedDataException("IndexSorted entry", entryAt, "digests not sorted");
        }
        previous = digest;
        out.add(new Entry(code, digest, offset));
      }
    }
  }

  @Override
  public String toString() {
    return "CarIndex{" + codec + ", " + entries.size() + " entries}";
  }
}
