package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Etags, quoted and strong (every response Cairn streams is byte-for-byte repeatable): the CID
 * for deserialized content, {@code <cid>.raw} for a block, and {@code <root>.car.<hash>} for a
 * CAR, where the hash covers the path and every parameter that changes the CAR's bytes.
 */
final class Etags {
  private Etags() {}

  static String deserialized(Cid cid) {
    return "\"" + cid + "\"";
  }

  static String raw(Cid cid) {
    return "\"" + cid + ".raw\"";
  }

  static String car(ContentPath path, CarParams params) {
    String input = path.subPath() + "\n" + params.etagInput();
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return "\"" + path.root() + ".car." + HexFormat.of().formatHex(h, 0, 8) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
