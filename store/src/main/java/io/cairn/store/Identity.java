package io.cairn.store;

import io.cairn.codec.Multibase;
import io.cairn.codec.Multihash;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * A node's Ed25519 identity in libp2p's forms, as Kubo writes them in its config:
 *
 * <pre>
 * PublicKey  protobuf { Type = 1 (Ed25519), Data = 32-byte key }   = 08 01 12 20 ‖ key
 * PeerID     base58btc(identity multihash of PublicKey)          = "12D3KooW…"
 * PrivKey    base64(protobuf { Type = 1, Data = seed ‖ public })   (64-byte Data)
 * </pre>
 */
public record Identity(String peerId, String privKey) {
  /** Makes a fresh Ed25519 identity. */
  public static Identity generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] x509 = kp.getPublic().getEncoded(); // 12-byte SubjectPublicKeyInfo prefix + 32-byte key
      byte[] pkcs8 = kp.getPrivate().getEncoded(); // 16-byte prefix + 32-byte seed
      byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
      byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
      return fromKeys(seed, pub);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519", e);
    }
  }

  /** The identity for a 32-byte seed and its 32-byte public key. */
  static Identity fromKeys(byte[] seed, byte[] pub) {
    byte[] publicProto = new byte[36];
    publicProto[0] = 0x08;
    publicProto[1] = 0x01;
    publicProto[2] = 0x12;
    publicProto[3] = 0x20;
    System.arraycopy(pub, 0, publicProto, 4, 32);
    String peerId = Multibase.BASE58BTC.encodeBare(Multihash.identity(publicProto).bytes());
    byte[] privateProto = new byte[68];
    privateProto[0] = 0x08;
    privateProto[1] = 0x01;
    privateProto[2] = 0x12;
    privateProto[3] = 0x40;
    System.arraycopy(seed, 0, privateProto, 4, 32);
    System.arraycopy(pub, 0, privateProto, 36, 32);
    return new Identity(peerId, Base64.getEncoder().encodeToString(privateProto));
  }
}
