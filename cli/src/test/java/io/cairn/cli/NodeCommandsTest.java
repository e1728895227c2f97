package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local node through its CLI: init, add, cat, get, ls, pin, gc, block, dag, repo, config. */
class NodeCommandsTest {
  @TempDir
  Path tmp;

  @BeforeEach
  void init() {
    System.setProperty("cairn.path", tmp.resolve("repo").toString());
    Cli.Result r = Cli.run("init");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("peer identity: 12D3KooW"), r.out());
  }

  @AfterEach
  void clear() {
    System.clearProperty("cairn.path");
  }

  private String ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
    return r.out();
  }

  private Cli.Result fails(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(1, r.exit(), String.join(" ", args) + " should fail: " + r.out());
    return r;
  }

  @Test
  void addGetRoundTripsTreesWithMetadata() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("d"));
    byte[] big = new byte[700_000];
    new Random(3).nextBytes(big);
    Files.write(src.resolve("d/big.bin"), big);
    Files.writeString(src.resolve("x.txt"), "x");
    Files.setPosixFilePermissions(src.resolve("x.txt"), PosixFilePermissions.fromString("rwx------"));
    Files.setLastModifiedTime(src.resolve("d/big.bin"), FileTime.fromMillis(1_400_000_000_000L));
    Files.createSymbolicLink(src.resolve("ln"), Path.of("x.txt"));
    String root = ok("add", "-Q", "-r", "--preserve-mode", "--preserve-mtime", src.toString()).trim();
    assertEquals(root, ok("add", "-n", "-Q", "-r", "--preserve-mode", "--preserve-mtime", src.toString()).trim());

    Path out = tmp.resolve("out");
    ok("get", root, "-o", out.toString());
    assertArrayEquals(big, Files.readAllBytes(out.resolve("d/big.bin")));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("x.txt"))));
    assertEquals(1_400_000_000_000L, Files.getLastModifiedTime(out.resolve("d/big.bin")).toMillis());
    assertEquals(Path.of("x.txt"), Files.readSymbolicLink(out.resolve("ln")));

    assertEquals("x", ok("cat", root + "/x.txt"));
    assertEquals("x", ok("cat", "/ipfs/" + root + "/x.txt"));
    String ls = ok("ls", root);
    assertTrue(ls.contains(" d/") && ls.contains(" 1 x.txt"), ls);
    assertTrue(ok("pin", "ls", "--type=recursive").contains(root + " recursive"));
    assertTrue(ok("repo", "verify").contains("all good"));
  }

  @Test
  void jsonOutputForScripts() throws Exception {
    Path f = Files.writeString(tmp.resolve("j.txt"), "json");
    String line = ok("add", "--json", f.toString()).trim();
    assertTrue(line.matches("\\{\"Name\":\"j.txt\",\"Hash\":\"Qm\\w+\",\"Size\":\"\\d+\"}"), line);
    ok("pin", "rm", ok("add", "-Q", f.toString()).trim());
    assertTrue(ok("gc", "--json").contains("{\"Key\":{\"/\":\"bafk"));
    assertTrue(ok("repo", "stat", "--json").contains("\"NumObjects\":0"));
  }

  @Test
  void catWithOffsetAndLength() throws Exception {
    Path f = Files.writeString(tmp.resolve("f.txt"), "0123456789");
    String cid = ok("add", "-Q", "--chunker=size-3", f.toString()).trim();
    assertEquals("3456", ok("cat", "--offset", "3", "--length", "4", cid));
    assertEquals("89", ok("cat", "-o", "8", cid));
  }

  @Test
  void gcKeepsPinnedAndRemovesTheRest() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "pinned content");
    Path b = Files.writeString(tmp.resolve("b.txt"), "unpinned content");
    String pinned = ok("add", "-Q", a.toString()).trim();
    String loose = ok("add", "-Q", "--pin=false", b.toString()).trim();
    String gc = ok("gc");
    assertTrue(gc.contains("removed"), gc);
    assertEquals("pinned content", ok("cat", pinned));
    Cli.Result gone = fails("cat", loose);
    assertTrue(gone.err().contains("not found"), gone.err());
    ok("pin", "rm", pinned);
    ok("gc", "-q");
    fails("cat", pinned);
  }

  @Test
  void pinAddNeedsTheWholeDag() throws Exception {
    Path f = Files.writeString(tmp.resolve("f.txt"), "z".repeat(5000));
    String root = ok("add", "-Q", "--pin=false", "--chunker=size-1000", f.toString()).trim();
    ok("pin", "add", root);
    assertTrue(ok("pin", "ls", "--json").contains("\"" + root + "\":{\"Type\":\"recursive\""));
    ok("pin", "rm", root);
    assertEquals("", ok("pin", "ls", "--type=all").trim());
    // the five chunks are one shared leaf block: without it the DAG is incomplete
    Path chunk = Files.writeString(tmp.resolve("c.txt"), "z".repeat(1000));
    String leaf = ok("add", "-n", "-Q", chunk.toString()).trim();
    ok("block", "rm", leaf);
    Cli.Result r = fails("pin", "add", root);
    assertTrue(r.err().contains("not in the repository") && r.err().contains(leaf), r.err());
  }

  @Test
  void blockPutGetStatRm() throws Exception {
    Path f = Files.writeString(tmp.resolve("blk"), "hello world");
    String cid = ok("block", "put", f.toString()).trim();
    assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid);
    assertEquals("hello world", ok("block", "get", cid));
    assertTrue(ok("block", "stat", cid).contains("Size: 11"));
    assertTrue(ok("block", "stat", "--json", cid).contains("\"Size\":11"));
    ok("block", "rm", cid);
    fails("block", "get", cid);
  }

  @Test
  void dagExportImportAndStat() throws Exception {
    Path src = tmp.resolve("tree");
    Files.createDirectories(src);
    for (int i = 0; i < 5; i++) {
      Files.writeString(src.resolve("f" + i), "file " + i);
    }
    String root = ok("add", "-Q", "-r", "--cid-version=1", src.toString()).trim();
    assertTrue(ok("dag", "stat", root).contains("NumBlocks: 6"));
    Path car = tmp.resolve("x.car");
    // dag export writes to stdout; capture it through the in-process runner
    Cli.Result export = Cli.run("dag", "export", root);
    assertEquals(0, export.exit(), export.err());
    Files.write(car, export.outBytes());
    ok("pin", "rm", root);
    ok("gc", "-q");
    fails("cat", root + "/f1");
    assertTrue(ok("dag", "import", car.toString()).contains("pinned root " + root));
  }

  @Test
  void dagImportOfABadCarStoresNothing() throws Exception {
    Path src = Files.writeString(tmp.resolve("s.txt"), "some content to corrupt");
    Path car = tmp.resolve("bad.car");
    ok("car", "pack", src.toString(), "-o", car.toString(), "--cid-version=1");
    byte[] bytes = Files.readAllBytes(car);
    bytes[bytes.length - 2] ^= 1;
    Files.write(car, bytes);
    Cli.Result r = fails("dag", "import", car.toString());
    assertTrue(r.err().contains("nothing from it was stored") && r.err().contains("bafkrei"), r.err());
    assertTrue(ok("repo", "stat").contains("NumObjects: 0"));
  }

  @Test
  void configReadsAndWritesKuboKeys() {
    assertEquals("/ip4/127.0.0.1/tcp/5001", ok("config", "Addresses.API").trim());
    ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/5999");
    assertEquals("/ip4/127.0.0.1/tcp/5999", ok("config", "Addresses.API").trim());
    ok("config", "--json", "Peering.Peers", "[{\"ID\":\"12D3KooWabc\",\"Addrs\":[]}]");
    assertTrue(ok("config", "Peering.Peers").contains("12D3KooWabc"));
    ok("config", "--bool", "Gateway.NoFetch", "true");
    assertEquals("true", ok("config", "Gateway.NoFetch").trim());
    assertTrue(fails("config", "No.Such").err().contains("no config key"));
    assertTrue(ok("config", "show").contains("\"PeerID\""));
  }

  @Test
  void missingRepoAndLockedRepoSayWhatToDo() throws Exception {
    System.setProperty("cairn.path", tmp.resolve("nowhere").toString());
    assertTrue(fails("cat", "bafkqaaa").err().contains("run 'cairn init'"));
    System.setProperty("cairn.path", tmp.resolve("repo").toString());
    Files.writeString(tmp.resolve("repo/version"), "7\n");
    assertTrue(fails("repo", "stat").err().contains("written by a newer Cairn"));
    assertTrue(fails("repo", "migrate").err().contains("written by a newer Cairn"));
    Files.writeString(tmp.resolve("repo/version"), "1\n");
    assertTrue(fails("repo", "stat").err().contains("run 'cairn repo migrate'"));
    assertTrue(ok("repo", "migrate").contains("from version 1 to " + io.cairn.store.Repo.VERSION));
    assertTrue(ok("repo", "migrate").contains("nothing to migrate"));
    assertTrue(ok("repo", "stat").contains("NumObjects"));
    try (var held = io.cairn.store.Repo.open(tmp.resolve("repo"), "test holder")) {
      Cli.Result r = fails("repo", "stat");
      assertTrue(r.err().contains("in use by another process") && r.err().contains("test holder"), r.err());
    } catch (io.cairn.store.RepoException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anUnreadableEntryFailsTheAddAndPinsNothing() throws Exception {
    Path src = tmp.resolve("with-fifo");
    Files.createDirectories(src);
    Files.writeString(src.resolve("a.txt"), "a");
    Process p = new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start();
    assertEquals(0, p.waitFor());
    Cli.Result r = fails("add", "-r", src.toString());
    assertTrue(r.err().contains("not a regular file"), r.err());
    assertEquals("", ok("pin", "ls", "-q"));
    assertTrue(ok("repo", "verify").contains("all good"));
  }

  @Test
  void initTwiceIsRefused() {
    assertTrue(fails("init").err().contains("already exists"));
  }

  @Test
  void identityCidsAndBlocksNotHeld() {
    assertEquals("", ok("cat", "bafkqaaa"));
    Cli.Result r = fails("cat", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertTrue(r.err().contains("not found"), r.err());
    List.of();
  }
}
