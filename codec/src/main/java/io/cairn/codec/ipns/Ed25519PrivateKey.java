package io.cairn.codec.ipns;

import io.cairn.codec.ByteReader;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ProtoReader;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key in libp2p's protobuf form, as Kubo keeps it in its config
 * ({@code Identity.PrivKey}, base64) and its keystore files (raw bytes):
 *
 * <pre>
 * PrivateKey { KeyType Type = 1; bytes Data = 2; }    Ed25519 = type 1, Data = seed ‖ public key
 *   = 08 01 12 40 ‖ seed(32) ‖ public(32)             (68 bytes)
 * </pre>
 *
 * The decoder checks that the public half belongs to the seed. {@link #toString()} never shows
 * the secret.
 */
public final class Ed25519PrivateKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed; // Trusted internal constructor: callers pass a fresh array.
    this.publicKey = Ed25519PublicKey.of(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
  }

  /** A fresh key from the system's secure random source. */
  public static Ed25519PrivateKey generate() {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return new Ed25519PrivateKey(seed);
  }

  /** The key for a 32-byte seed (RFC 8032's private key). */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
    }
    return new Ed25519PrivateKey(seed.clone());
  }

  /** Decodes libp2p's protobuf form (Ed25519 only). */
  public static Ed25519PrivateKey decode(byte[] protobuf) throws MalformedDataException {
    ProtoReader r = new ProtoReader(ByteReader.of(protobuf), "PrivateKey");
    long type = -1;
    byte[] data = null;
    while (r.hasNext()) {
      int field = r.next();
      switch (field) {
        case 1 -> type = r.varint("Type");
        case 2 -> data = r.bytes("Data");
        default -> throw r.error("field " + field, "unknown field in a libp2p private key");
      }
    }
    if (type != Ed25519PublicKey.TYPE_ED25519) {
      throw new MalformedDataException("PrivateKey.Type", 0,
          type < 0 ? "missing" : "key type " + type + " is not supported (only Ed25519, type 1)");
    }
    if (data == null || data.length != 64) {
      throw new MalformedDataException("PrivateKey.Data", 0,
          "an Ed25519 private key has 64 bytes (seed and public key), not " + (data == null ? "none" : data.length));
    }
    Ed25519PrivateKey k = new Ed25519PrivateKey(Arrays.copyOf(data, 32));
    if (!Arrays.equals(k.publicKey.raw(), Arrays.copyOfRange(data, 32, 64))) {
      throw new MalformedDataException("PrivateKey.Data", 36, "the public half does not belong to the seed");
    }
    return k;
  }

  /** libp2p's protobuf form, {@code 08 01 12 40 ‖ seed ‖ public}. */
  public byte[] encode() {
    byte[] out = new byte[68];
    out[0] = 0x08;
    out[1] = Ed25519PublicKey.TYPE_ED25519;
    out[2] = 0x12;
    out[3] = 0x40;
    System.arraycopy(seed, 0, out, 4, 32);
    System.arraycopy(publicKey.raw(), 0, out, 36, 32);
    return out;
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The 64-byte Ed25519 signature of {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey(" + publicKey + ")";
  }
}
