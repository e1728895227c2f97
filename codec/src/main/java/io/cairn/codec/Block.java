package io.cairn.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A block: bytes and the CID that names them. The bytes are copied in and out, except by
 * {@link #verifiedOwning} (a reader handing over an array it made and lets go of) and
 * {@link #asByteBuffer} (a read-only view), which keep a fetched block's bytes from being
 * copied again on their way to disk.
 */
public final class Block {
  private final Cid cid;
  private final byte[] data;

  private Block(Cid cid, byte[] data) {
    this.cid = cid;
    this.data = data;
  }

  /** A block whose bytes are trusted to match the CID (e.g. just hashed by the caller). */
  public static Block of(Cid cid, byte[] data) {
    return new Block(Objects.requireNonNull(cid, "cid"), data.clone());
  }

  /** A block checked against its CID; throws when the bytes do not hash to it. */
  public static Block verified(Cid cid, byte[] data) throws BlockMismatchException {
    check(cid, data);
    return new Block(cid, data.clone());
  }

  /**
   * As {@link #verified}, keeping {@code data} itself rather than a copy: for a reader that
   * has just filled the array and keeps no reference to it (a CAR or HTTP body reader).
   */
  public static Block verifiedOwning(Cid cid, byte[] data) throws BlockMismatchException {
    check(cid, data);
    return new Block(cid, data); // Trusted: the caller gave the array up.
  }

  private static void check(Cid cid, byte[] data) throws BlockMismatchException {
    Objects.requireNonNull(cid, "cid");
    if (!cid.multihash().isVerifiable()) {
      throw new BlockMismatchException(cid, "cannot verify hash function " + cid.multihash().code()
          + " with a " + cid.multihash().digestLength() + "-byte digest");
    }
    if (!cid.multihash().matches(data)) {
      throw new BlockMismatchException(cid, "bytes do not hash to the CID");
    }
  }

  /** Hashes {@code data} with sha2-256 and names it with a CID of this version and codec. */
  public static Block create(int version, Multicodec codec, byte[] data) {
    return new Block(Cid.of(version, codec, Multihash.sha256(data)), data.clone());
  }

  public Cid cid() {
    return cid;
  }

  public byte[] data() {
    return data.clone();
  }

  public int size() {
    return data.length;
  }

  /** The bytes as a read-only buffer over this block's own array (no copy). */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block b && cid.equals(b.cid) && java.util.Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return cid.hashCode();
  }

  @Override
  public String toString() {
    return "Block{" + cid + ", " + data.length + " bytes}";
  }
}
