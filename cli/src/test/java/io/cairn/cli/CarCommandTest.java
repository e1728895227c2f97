package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarCommandTest {
  @TempDir
  Path tmp;

  @Test
  void packVerifyInspectUnpackRoundTrip() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("sub"));
    byte[] big = new byte[3 * 262_144 + 17];
    new Random(7).nextBytes(big);
    Files.write(src.resolve("big.bin"), big);
    Files.writeString(src.resolve("sub/small.txt"), "small");
    Files.setPosixFilePermissions(src.resolve("sub/small.txt"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(src.resolve("big.bin"), FileTime.fromMillis(1_500_000_000_123L));
    Files.createSymbolicLink(src.resolve("ln"), Path.of("sub/small.txt"));
    for (String version : new String[] {"1", "2"}) {
      Path car = tmp.resolve("out" + version + ".car");
      Cli.Result pack = Cli.run("car", "pack", src.toString(), "-o", car.toString(), "--car-version=" + version,
          "--preserve-mode", "--preserve-mtime");
      assertEquals(0, pack.exit(), pack.err());
      String root = pack.out().trim();
      assertEquals(root, Cli.run("add", "-n", "-Q", "-r", "--preserve-mode", "--preserve-mtime", src.toString()).out().trim());

      Cli.Result verify = Cli.run("car", "verify", car.toString());
      assertEquals(0, verify.exit(), verify.err());
      Cli.Result inspect = Cli.run("car", "inspect", "--json", car.toString());
      assertTrue(inspect.out().contains("\"version\":" + version), inspect.out());
      assertTrue(inspect.out().contains("\"roots\":[\"" + root + "\"]"), inspect.out());
      assertTrue(inspect.out().contains("\"indexed\":" + version.equals("2")), inspect.out());

      Path out = tmp.resolve("unpacked" + version);
      Cli.Result unpack = Cli.run("car", "unpack", car.toString(), "-o", out.toString());
      assertEquals(0, unpack.exit(), unpack.err());
      assertArrayEquals(big, Files.readAllBytes(out.resolve("big.bin")));
      assertEquals("small", Files.readString(out.resolve("sub/small.txt")));
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sub/small.txt"))));
      assertEquals(1_500_000_000_123L, Files.getLastModifiedTime(out.resolve("big.bin")).toMillis());
      assertEquals(Path.of("sub/small.txt"), Files.readSymbolicLink(out.resolve("ln")));
    }
  }

  @Test
  void verifyNamesTheBadBlock() throws Exception {
    Path f = Files.writeString(tmp.resolve("f.txt"), "hello cairn");
    Path car = tmp.resolve("f.car");
    assertEquals(0, Cli.run("car", "pack", f.toString(), "-o", car.toString(), "--cid-version=1").exit());
    byte[] bytes = Files.readAllBytes(car);
    bytes[bytes.length - 1] ^= 0x20;
    Files.write(car, bytes);
    Cli.Result r = Cli.run("car", "verify", car.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("bafkrei") && r.err().contains("do not hash"), r.err());
  }

  @Test
  void unpackRefusesToOverwrite() throws Exception {
    Path f = Files.writeString(tmp.resolve("f.txt"), "x");
    Path car = tmp.resolve("f.car");
    assertEquals(0, Cli.run("car", "pack", f.toString(), "-o", car.toString()).exit());
    Cli.Result r = Cli.run("car", "unpack", car.toString(), "-o", f.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("already exists"), r.err());
  }
}
