package io.cairn.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A content identifier.
 *
 * <pre>
 * CIDv0  binary: 12 20 ‖ 32-byte sha2-256 digest (a bare multihash; codec dag-pb implied)
 *        text:   base58btc without a multibase prefix, 46 characters starting "Qm"
 * CIDv1  binary: varint(1) ‖ varint(codec) ‖ multihash
 *        text:   multibase prefix ‖ encoding (base32 lower, prefix 'b', by default)
 * </pre>
 *
 * Parsing follows the CID spec: a 46-character string starting {@code Qm} is v0; anything
 * else is multibase-decoded and must then be a v1 (a decoded v0 is refused). Versions 2 and 3
 * are reserved and refused. {@link #toString()} round-trips through {@link #parse(String)}.
 */
public final class Cid implements Comparable<Cid> {
  private final int version;
  private final Multicodec codec;
  private final Multihash multihash;
  private final byte[] bytes;
  private int hash;
  /** {@link #toString()}, made once (a gateway request names its CID in several headers). */
  private String text;

  private Cid(int version, Multicodec codec, Multihash multihash) {
    this.version = version;
    this.codec = codec;
    this.multihash = multihash;
    if (version == 0) {
      this.bytes = multihash.bytes();
    } else {
      int n = Varint.size(1) + Varint.size(codec.code()) + multihash.size();
      byte[] b = new byte[n];
      int p = Varint.write(1, b, 0);
      p = Varint.write(codec.code(), b, p);
      multihash.writeTo(b, p);
      this.bytes = b;
    }
  }

  /** A CIDv0: the multihash must be sha2-256 (dag-pb implied). */
  public static Cid v0(Multihash multihash) {
    if (!isV0Hash(multihash)) {
      throw new IllegalArgumentException("CIDv0 needs a 32-byte sha2-256 multihash, got " + multihash.code());
    }
    return new Cid(0, Multicodec.DAG_PB, multihash);
  }

  public static Cid v1(Multicodec codec, Multihash multihash) {
    return new Cid(1, Objects.requireNonNull(codec, "codec"), Objects.requireNonNull(multihash, "multihash"));
  }

  /** A CID of the given version, codec and hash ({@code version 0} needs dag-pb and sha2-256). */
  public static Cid of(int version, Multicodec codec, Multihash multihash) {
    if (version == 0) {
      if (!codec.equals(Multicodec.DAG_PB)) {
        throw new IllegalArgumentException("CIDv0 is always dag-pb, not " + codec);
      }
      return v0(multihash);
    } else if (version == 1) {
      return v1(codec, multihash);
    }
    throw new IllegalArgumentException("unsupported CID version " + version);
  }

  private static boolean isV0Hash(Multihash mh) {
    return mh.code().equals(Multicodec.SHA2_256) && mh.digestLength() == 32;
  }

  /** Parses the text form of a CID. */
  public static Cid parse(String text) throws MalformedDataException {
    Objects.requireNonNull(text, "text");
    if (text.length() == 46 && text.startsWith("Qm")) {
      byte[] raw = Multibase.BASE58BTC.decodeBare(text, 0);
      if (raw.length != 34 || raw[0] != 0x12 || raw[1] != 0x20) {
        throw new MalformedDataException("CIDv0", 0, "not a base58btc sha2-256 multihash");
      }
      return v0(Multihash.decode(raw));
    }
    if (text.isEmpty()) {
      throw new MalformedDataException("CID", 0, "empty string");
    }
    byte[] raw = Multibase.decode(text);
    if (raw.length > 0 && raw[0] == 0x12) {
      throw new MalformedDataException("CID", 0, "a CIDv0 cannot be multibase-encoded");
    }
    return decodeV1Only(raw);
  }

  /** Decodes the binary form of a CID, which must fill {@code bytes}. */
  public static Cid decode(byte[] bytes) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes);
    Cid c = read(r);
    if (r.hasRemaining()) {
      throw new MalformedDataException("CID", r.offset(), r.remaining() + " trailing bytes");
    }
    return c;
  }

  private static Cid decodeV1Only(byte[] bytes) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes);
    Cid c = readV1(r);
    if (r.hasRemaining()) {
      throw new MalformedDataException("CID", r.offset(), r.remaining() + " trailing bytes");
    }
    return c;
  }

  /** Reads one binary CID from {@code r} (a CIDv0 is recognised by its leading {@code 12 20}). */
  public static Cid read(ByteReader r) throws MalformedDataException {
    if (r.remaining() >= 2 && r.peekByte("CID") == 0x12) {
      long at = r.offset();
      Multihash mh = Multihash.read(r);
      if (!isV0Hash(mh)) {
        throw new MalformedDataException("CIDv0", at, "not a 32-byte sha2-256 multihash");
      }
      return new Cid(0, Multicodec.DAG_PB, mh);
    }
    return readV1(r);
  }

  private static Cid readV1(ByteReader r) throws MalformedDataException {
    long at = r.offset();
    long version = r.readVarint("CID version");
    if (version != 1) {
      throw new MalformedDataException("CID version", at,
          version == 2 || version == 3 ? "version " + version + " is reserved" : "unsupported version " + version);
    }
    Multicodec codec = Multicodec.of(r.readVarint("CID codec"));
    return new Cid(1, codec, Multihash.read(r));
  }

  public int version() {
    return version;
  }

  public Multicodec codec() {
    return codec;
  }

  public Multihash multihash() {
    return multihash;
  }

  /** The binary CID. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public int writeTo(byte[] out, int pos) {
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }

  /** True for an identity-hash CID, whose data is inside the CID itself. */
  public boolean isIdentity() {
    return multihash.code().equals(Multicodec.IDENTITY);
  }

  /** The same content addressed as CIDv1. */
  public Cid toV1() {
    return version == 1 ? this : new Cid(1, codec, multihash);
  }

  /** Text form: base58btc for v0, base32 for v1. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = version == 0 ? Multibase.BASE58BTC.encodeBare(bytes) : Multibase.BASE32.encode(bytes);
      text = t;
    }
    return t;
  }

  /** Text form in the given base; a CIDv0 has only its base58btc form. */
  public String toString(Multibase base) {
    if (version == 0) {
      if (base != Multibase.BASE58BTC) {
        throw new IllegalArgumentException("a CIDv0 can only be written in base58btc; convert with toV1()");
      }
      return toString();
    }
    return base.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid c && Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Orders CIDs by their binary form, unsigned. */
  @Override
  public int compareTo(Cid o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
