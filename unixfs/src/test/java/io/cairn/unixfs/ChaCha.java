package io.cairn.unixfs;

import java.io.InputStream;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deterministic byte generator of Kubo's CID profile tests (IPIP-499): the ChaCha20
 * keystream with key = SHA-256(seed), a zero 12-byte nonce and counter 0.
 */
final class ChaCha {
  private ChaCha() {}

  static InputStream stream(String seed, long length) throws Exception {
    byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Cipher c = Cipher.getInstance("ChaCha20");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
    return new InputStream() {
      long left = length;
      final byte[] zeros = new byte[64 << 10];
      byte[] buf = new byte[0];
      int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        if (pos == buf.length) {
          buf = c.update(zeros); // whole 64-byte blocks, so nothing is held back
          pos = 0;
        }
        int n = (int) Math.min(Math.min(len, left), buf.length - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        left -= n;
        return n;
      }
    };
  }
}
