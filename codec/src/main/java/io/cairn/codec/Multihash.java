package io.cairn.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash: {@code varint(code) ‖ varint(length) ‖ digest}. Unknown hash codes
 * are kept (they can be parsed, compared and re-encoded, just not computed).
 */
public final class Multihash {
  /** Largest identity digest accepted, as go-verifcid and Kubo enforce. */
  public static final int MAX_IDENTITY_DIGEST = 128;
  /** Largest digest of any kind accepted when decoding. */
  public static final int MAX_DIGEST = 1024;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));

  private final Multicodec code;
  private final byte[] digest;
  private final byte[] bytes;
  private int hash;

  private Multihash(Multicodec code, byte[] digest) {
    this.code = code;
    this.digest = digest; // Trusted internal constructor doesn't clone.
    byte[] b = new byte[Varint.size(code.code()) + Varint.size(digest.length) + digest.length];
    int p = Varint.write(code.code(), b, 0);
    p = Varint.write(digest.length, b, p);
    System.arraycopy(digest, 0, b, p, digest.length);
    this.bytes = b;
  }

  public static Multihash of(Multicodec code, byte[] digest) {
    if (code.equals(Multicodec.SHA2_256) && digest.length != 32) {
      throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
    }
    if (code.equals(Multicodec.IDENTITY) && digest.length > MAX_IDENTITY_DIGEST) {
      throw new IllegalArgumentException("identity digest over " + MAX_IDENTITY_DIGEST + " bytes");
    }
    return new Multihash(code, digest.clone());
  }

  public static Multihash sha256(byte[] data) {
    return sha256(data, 0, data.length);
  }

  public static Multihash sha256(byte[] data, int off, int len) {
    MessageDigest md = SHA256.get();
    md.update(data, off, len);
    return new Multihash(Multicodec.SHA2_256, md.digest());
  }

  /** The identity multihash of {@code data}: the data itself. */
  public static Multihash identity(byte[] data) {
    return of(Multicodec.IDENTITY, data);
  }

  /** Computes the multihash of {@code data} with the given hash function, at its full length. */
  public static Multihash compute(Multicodec code, byte[] data) {
    if (code.equals(Multicodec.SHA2_256)) {
      return sha256(data);
    } else if (code.equals(Multicodec.IDENTITY)) {
      return identity(data);
    }
    return new Multihash(code, HashFunctions.digest(code.code(), data, -1));
  }

  /** Whether Cairn can compute this hash function. */
  public static boolean canCompute(Multicodec code) {
    return HashFunctions.supports(code.code());
  }

  /** Shortest digest that proves anything (go-verifcid's minimum): shorter ones match too easily. */
  public static final int MIN_VERIFIABLE_DIGEST = 20;

  /**
   * Whether data can be checked against this multihash: identity, or a hash Cairn computes
   * with a digest of at least {@value #MIN_VERIFIABLE_DIGEST} bytes (a truncated one-byte
   * digest would let almost any bytes pass).
   */
  public boolean isVerifiable() {
    return code.equals(Multicodec.IDENTITY) || (canCompute(code) && digest.length >= MIN_VERIFIABLE_DIGEST);
  }

  /**
   * True if {@code data} hashes to this multihash (at this multihash's digest length). Always
   * false when the multihash is not {@linkplain #isVerifiable() verifiable}.
   */
  public boolean matches(byte[] data) {
    if (!isVerifiable()) {
      return false;
    }
    if (code.equals(Multicodec.IDENTITY)) {
      return Arrays.equals(digest, data);
    }
    if (code.equals(Multicodec.SHA2_256)) {
      return sha256(data).equals(this);
    }
    return Arrays.equals(digest, HashFunctions.digest(code.code(), data, digest.length));
  }

  public static Multihash decode(byte[] bytes) throws MalformedDataException {
    ByteReader r = ByteReader.of(bytes);
    Multihash m = read(r);
    if (r.hasRemaining()) {
      throw new MalformedDataException("multihash", r.offset(), r.remaining() + " trailing bytes");
    }
    return m;
  }

  /** Reads one multihash from {@code r}. */
  public static Multihash read(ByteReader r) throws MalformedDataException {
    long at = r.offset();
    Multicodec code = Multicodec.of(r.readVarint("multihash code"));
    long lenAt = r.offset();
    long len = r.readVarint("multihash length");
    if (len > MAX_DIGEST) {
      throw new MalformedDataException("multihash length", lenAt, "digest length " + len + " over " + MAX_DIGEST);
    }
    if (code.equals(Multicodec.SHA2_256) && len != 32) {
      throw new MalformedDataException("multihash length", lenAt, "sha2-256 digest length must be 32, got " + len);
    }
    if (code.equals(Multicodec.IDENTITY) && len > MAX_IDENTITY_DIGEST) {
      throw new MalformedDataException("multihash length", lenAt,
          "identity digest length " + len + " over " + MAX_IDENTITY_DIGEST);
    }
    byte[] digest = r.readBytes(len, "multihash digest (starting at " + at + ")");
    return new Multihash(code, digest);
  }

  public Multicodec code() {
    return code;
  }

  public byte[] digest() {
    return digest.clone();
  }

  public int digestLength() {
    return digest.length;
  }

  /** The encoded multihash. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Encoded length in bytes. */
  public int size() {
    return bytes.length;
  }

  /** Copies the encoded multihash into {@code out} at {@code pos}; returns the position after. */
  public int writeTo(byte[] out, int pos) {
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash m && Arrays.equals(bytes, m.bytes);
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

  /** Hex of the encoded multihash. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " missing from this JVM", e);
    }
  }
}
