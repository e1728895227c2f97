package io.cairn.codec.ipns;

import io.cairn.codec.ByteReader;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multihash;
import io.cairn.codec.ProtoReader;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key in libp2p's protobuf form, the form peer IDs and IPNS names hash:
 *
 * <pre>
 * PublicKey { KeyType Type = 1; bytes Data = 2; }     Ed25519 = type 1, Data = the 32-byte key
 *   = 08 01 12 20 ‖ key                               (36 bytes; the peer ID is its identity multihash)
 * </pre>
 *
 * A value class: equal keys have equal bytes.
 */
public final class Ed25519PublicKey {
  /** libp2p's {@code KeyType} for Ed25519. */
  static final int TYPE_ED25519 = 1;
  static final int KEY_BYTES = 32;
  private static final String[] TYPE_NAMES = {"RSA", "Ed25519", "Secp256k1", "ECDSA"};

  private final byte[] key;

  private Ed25519PublicKey(byte[] key) {
    this.key = key; // Trusted internal constructor: callers pass a fresh array.
  }

  /** The key from its 32 raw bytes. */
  public static Ed25519PublicKey of(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
    }
    return new Ed25519PublicKey(raw.clone());
  }

  /**
   * Decodes libp2p's protobuf form. Other key types (RSA, secp256k1, ECDSA) are refused: Cairn
   * signs and verifies Ed25519 only.
   */
  public static Ed25519PublicKey decode(byte[] protobuf) throws MalformedDataException {
    ProtoReader r = new ProtoReader(ByteReader.of(protobuf), "PublicKey");
    long type = -1;
    byte[] data = null;
    while (r.hasNext()) {
      int field = r.next();
      switch (field) {
        case 1 -> {
          if (type >= 0) {
            throw r.error("Type", "appears twice");
          }
          type = r.varint("Type");
        }
        case 2 -> {
          if (data != null) {
            throw r.error("Data", "appears twice");
          }
          data = r.bytes("Data");
        }
        default -> throw r.error("field " + field, "unknown field in a libp2p public key");
      }
    }
    if (type != TYPE_ED25519) {
      String name = type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[(int) type] : "type " + type;
      throw new MalformedDataException("PublicKey.Type", 0,
          type < 0 ? "missing" : name + " keys are not supported (only Ed25519)");
    }
    if (data == null || data.length != KEY_BYTES) {
      throw new MalformedDataException("PublicKey.Data", 0,
          "an Ed25519 key has 32 bytes, not " + (data == null ? "none" : data.length));
    }
    return new Ed25519PublicKey(data);
  }

  /** The 32 raw key bytes (a copy). */
  public byte[] raw() {
    return key.clone();
  }

  /** libp2p's protobuf form, {@code 08 01 12 20 ‖ key}. */
  public byte[] encode() {
    byte[] out = new byte[4 + KEY_BYTES];
    out[0] = 0x08;
    out[1] = TYPE_ED25519;
    out[2] = 0x12;
    out[3] = KEY_BYTES;
    System.arraycopy(key, 0, out, 4, KEY_BYTES);
    return out;
  }

  /** The peer ID multihash: the identity multihash of {@link #encode()}. */
  public Multihash peerId() {
    return Multihash.identity(encode());
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    Ed25519Signer v = new Ed25519Signer();
    v.init(false, new Ed25519PublicKeyParameters(key, 0));
    v.update(message, 0, message.length);
    return v.verifySignature(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return IpnsName.of(this).toString();
  }
}
