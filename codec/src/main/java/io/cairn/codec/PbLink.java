package io.cairn.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A DAG-PB link: a CID, an optional name (kept as the exact bytes read, so re-encoding is
 * byte-identical even for names that are not valid UTF-8) and an optional cumulative size.
 */
public final class PbLink {
  private final Cid hash;
  private final byte[] name; // null = absent
  private final long tsize; // -1 = absent

  private PbLink(Cid hash, byte[] name, long tsize) {
    this.hash = hash;
    this.name = name;
    this.tsize = tsize;
  }

  /** A link with a name and Tsize, as Kubo and the JS importer write every link. */
  public static PbLink of(Cid hash, String name, long tsize) {
    Objects.requireNonNull(name, "name");
    if (tsize < 0) {
      throw new IllegalArgumentException("negative tsize " + tsize);
    }
    return new PbLink(Objects.requireNonNull(hash, "hash"), name.getBytes(StandardCharsets.UTF_8), tsize);
  }

  /** A link with optional parts: {@code name} may be null, {@code tsize} -1 for absent. */
  public static PbLink of(Cid hash, byte[] name, long tsize) {
    if (tsize < -1) {
      throw new IllegalArgumentException("negative tsize " + tsize);
    }
    return new PbLink(Objects.requireNonNull(hash, "hash"), name == null ? null : name.clone(), tsize);
  }

  static PbLink trusted(Cid hash, byte[] name, long tsize) {
    return new PbLink(hash, name, tsize);
  }

  public Cid hash() {
    return hash;
  }

  public boolean hasName() {
    return name != null;
  }

  /** The name as text ("" when absent; invalid UTF-8 replaced). */
  public String name() {
    return name == null ? "" : new String(name, StandardCharsets.UTF_8);
  }

  /** The name's bytes ("" when absent). */
  public byte[] nameBytes() {
    return name == null ? new byte[0] : name.clone();
  }

  byte[] rawName() {
    return name;
  }

  public OptionalLong tsize() {
    return tsize < 0 ? OptionalLong.empty() : OptionalLong.of(tsize);
  }

  /** Compares by name bytes, unsigned, absent = "": the DAG-PB link order. */
  static int compareNames(PbLink a, PbLink b) {
    byte[] x = a.name == null ? new byte[0] : a.name;
    byte[] y = b.name == null ? new byte[0] : b.name;
    return Arrays.compareUnsigned(x, y);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PbLink l && hash.equals(l.hash) && Arrays.equals(name, l.name) && tsize == l.tsize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(hash, Arrays.hashCode(name), tsize);
  }

  @Override
  public String toString() {
    return "PbLink{" + hash + (name != null ? ", \"" + name() + "\"" : "") + (tsize >= 0 ? ", " + tsize : "") + "}";
  }
}
