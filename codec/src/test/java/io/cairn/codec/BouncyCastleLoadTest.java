package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's jar is signed, and the JVM verifies the signature (~150 ms) when it loads the
 * first class from it: hashing and checking SHA-256 blocks, all a fetch or an add does, must not
 * load it; a BLAKE hash does. Each case runs in a JVM of its own, which logs the classes it loads.
 */
class BouncyCastleLoadTest {
  /** Hashes a block with the hash function named by the argument, and verifies it against its CID. */
  public static void main(String[] args) throws Exception {
    byte[] data = "a block".getBytes(StandardCharsets.UTF_8);
    Multicodec hash = args[0].equals("blake3") ? Multicodec.BLAKE3 : Multicodec.SHA2_256;
    Cid cid = Cid.v1(Multicodec.RAW, Multihash.compute(hash, data));
    Block.verified(cid, data);
    Block.verified(Cid.parse(cid.toString()), data);
    System.out.println("verified " + cid);
  }

  private static String classesLoaded(String code) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(List.of(java, "-Xshare:off", "-Xlog:class+load=info", "-cp",
        System.getProperty("java.class.path"), BouncyCastleLoadTest.class.getName(), code))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("verified "), out);
    return out;
  }

  @Test
  void sha256AloneLeavesBouncyCastleUnloaded() throws Exception {
    assertFalse(classesLoaded("sha2-256").contains("org.bouncycastle."),
        "SHA-256 hashing and verification loaded a Bouncy Castle class");
  }

  @Test
  void blake3LoadsIt() throws Exception {
    assertTrue(classesLoaded("blake3").contains("org.bouncycastle.crypto.digests.Blake3Digest"),
        "the check can see Bouncy Castle being loaded");
  }
}
