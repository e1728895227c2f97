package io.cairn.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash functions Cairn can compute, by multihash code: identity, sha2-256/512,
 * sha3-224/256/384/512 (the JDK's), blake2b-8…512, blake2s-8…256 and blake3 (Bouncy Castle).
 * The digest length comes from the multihash being checked, so truncated forms work.
 *
 * <p>Bouncy Castle is reached only through {@link BouncyHashes}, loaded when a BLAKE hash is
 * asked for: its jar is signed, and the JVM verifies that signature (~150 ms) when the first class
 * is loaded from it, which a SHA-256-only process should never pay.
 */
final class HashFunctions {
  private HashFunctions() {}

  static boolean supports(long code) {
    return jdkName(code) != null || code == 0x00 || isBlake(code);
  }

  /** The digest of {@code data}, {@code length} bytes long (the function's own length when -1). */
  static byte[] digest(long code, byte[] data, int length) {
    if (code == 0x00) {
      return data.clone();
    }
    String jdk = jdkName(code);
    if (jdk != null) {
      try {
        byte[] d = MessageDigest.getInstance(jdk).digest(data);
        return length < 0 || length == d.length ? d : java.util.Arrays.copyOf(d, Math.min(length, d.length));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(jdk + " missing from this JVM", e);
      }
    }
    if (isBlake(code)) {
      return BouncyHashes.digest(code, data, length);
    }
    throw new UnsupportedOperationException("cannot compute hash function 0x" + Long.toHexString(code));
  }

  private static String jdkName(long code) {
    return switch ((int) Math.min(code, Integer.MAX_VALUE)) {
      case 0x12 -> "SHA-256";
      case 0x13 -> "SHA-512";
      case 0x14 -> "SHA3-512";
      case 0x15 -> "SHA3-384";
      case 0x16 -> "SHA3-256";
      case 0x17 -> "SHA3-224";
      default -> null;
    };
  }

  /** blake3, blake2b-8…512 or blake2s-8…256: what {@link BouncyHashes} computes. */
  private static boolean isBlake(long code) {
    return code == 0x1e || isBlake2b(code) || isBlake2s(code);
  }

  static boolean isBlake2b(long code) {
    return code >= 0xb201 && code <= 0xb240;
  }

  static boolean isBlake2s(long code) {
    return code >= 0xb241 && code <= 0xb260;
  }
}
