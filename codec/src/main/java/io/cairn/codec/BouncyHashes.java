package io.cairn.codec;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;

/** The BLAKE hash functions, from Bouncy Castle; apart from {@link HashFunctions} so that its jar is opened only for them. */
final class BouncyHashes {
  private BouncyHashes() {}

  /** blake3 (0x1e), blake2b-8…512 or blake2s-8…256 of {@code data}; {@code length} bytes for blake3 (-1: 32). */
  static byte[] digest(long code, byte[] data, int length) {
    if (code == 0x1e) {
      int n = length < 0 ? 32 : length;
      Blake3Digest b3 = new Blake3Digest(n * 8);
      b3.update(data, 0, data.length);
      byte[] out = new byte[n];
      b3.doFinal(out, 0, n);
      return out;
    }
    Digest d;
    if (HashFunctions.isBlake2b(code)) {
      d = new Blake2bDigest((int) (code - 0xb200) * 8);
    } else if (HashFunctions.isBlake2s(code)) {
      d = new Blake2sDigest((int) (code - 0xb240) * 8);
    } else {
      throw new UnsupportedOperationException("cannot compute hash function 0x" + Long.toHexString(code));
    }
    d.update(data, 0, data.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }
}
