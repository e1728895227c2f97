package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a 40 MiB tmpfs: an add that does not fit fails with a clear message, pins
 * nothing, and leaves a repository that opens, verifies, collects garbage and takes the next
 * (small) add. Needs root to mount the tmpfs (as CI has); skipped otherwise.
 */
class DiskFullTest {
  @TempDir
  Path tmp;

  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    System.clearProperty("cairn.path");
    if (mount != null) {
      // lazily: a repository a failed test left open must not keep the tmpfs mounted
      new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void fullDiskFailsTheAddCleanly() throws Exception {
    Path dir = tmp.resolve("small");
    Files.createDirectories(dir);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot mount a tmpfs here (needs root)");
    mount = dir;
    System.setProperty("cairn.path", dir.resolve("repo").toString());
    assertEquals(0, Cli.run("init").exit());
    Path small = Files.writeString(tmp.resolve("small.txt"), "fits");
    String kept = Cli.run("add", "-Q", small.toString()).out().trim();

    byte[] big = new byte[64 << 20];
    new Random(1).nextBytes(big);
    Path bigFile = Files.write(tmp.resolve("big.bin"), big);
    Cli.Result full = Cli.run("add", "-Q", bigFile.toString());
    assertEquals(1, full.exit(), full.out());
    assertTrue(full.err().contains("disk is full") && full.err().contains("nothing was pinned"), full.err());

    Cli.Result verify = Cli.run("repo", "verify");
    assertEquals(0, verify.exit(), verify.err());
    String pins = Cli.run("pin", "ls", "--type=recursive", "-q").out().trim();
    assertEquals(kept, pins, "only the first add is pinned");
    assertEquals(0, Cli.run("gc", "-q").exit());
    Path other = Files.writeString(tmp.resolve("other.txt"), "after the disk filled");
    Cli.Result again = Cli.run("add", "-Q", other.toString());
    assertEquals(0, again.exit(), again.err());
    assertEquals("after the disk filled", Cli.run("cat", again.out().trim()).out());
  }
}
