package io.cairn.cli;

import static io.cairn.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a daemon holding the repository, the CLI works through its RPC API and prints what it
 * prints locally: the same command sequence runs against a repository without a daemon and
 * one with a daemon, and every output must match.
 */
class RemoteCommandsTest {
  @TempDir
  Path tmp;

  @AfterEach
  void clear() {
    System.clearProperty("cairn.path");
  }

  /** Runs the scenario on the repository at {@code repo} and returns each command's output. */
  private List<String> scenario(Path src, Path outDir) throws Exception {
    List<String> outputs = new ArrayList<>();
    String add = ok("add", "-r", "--preserve-mode", "--preserve-mtime", "--cid-version=1", src.toString());
    outputs.add(add);
    String[] lines = add.strip().split("\n");
    String root = lines[lines.length - 1].split(" ")[1];
    outputs.add(ok("add", "--json", "--pin-name=single", src.resolve("d/big.bin").toString()));
    outputs.add(ok("add", "-r", "--profile=unixfs-v1-2025", "--hamt-threshold=10", "--hamt-estimate=block-bytes",
        "-w", "--trickle", "--chunker=size-4096", "--raw-leaves=false", "--pin=false", src.toString()));
    outputs.add(ok("add", "-q", "--inline", "--inline-limit=64", src.resolve("x.txt").toString()));
    outputs.add(ok("cat", root + "/x.txt"));
    outputs.add(ok("cat", "--offset", "1000", "--length", "5000", root + "/d/big.bin"));
    outputs.add(ok("ls", root));
    outputs.add(ok("ls", "--json", root));
    outputs.add(ok("pin", "ls", "--type=recursive"));
    outputs.add(ok("pin", "ls", "--json", "--type=recursive"));
    outputs.add(ok("block", "stat", root));
    outputs.add(ok("dag", "stat", root));
    outputs.add(ok("config", "Addresses.Gateway"));
    Path put = Files.writeString(tmp.resolve("block-" + outDir.getFileName()), "a raw block");
    String putCid = ok("block", "put", put.toString()).strip();
    outputs.add(putCid);
    outputs.add(ok("block", "get", putCid));
    outputs.add(ok("pin", "add", "--recursive=false", putCid));
    outputs.add(ok("pin", "rm", putCid));
    outputs.add(ok("block", "rm", putCid));
    Path car = tmp.resolve("export-" + outDir.getFileName() + ".car");
    Cli.Result export = Cli.run("dag", "export", root);
    assertEquals(0, export.exit(), export.err());
    Files.write(car, export.outBytes());
    outputs.add(Integer.toString(export.outBytes().length));
    outputs.add(ok("pin", "rm", root));
    outputs.add(ok("gc", "-q"));
    outputs.add(ok("dag", "import", "--stats", car.toString()));
    ok("get", root, "-o", outDir.toString());
    assertTrue(ok("repo", "verify").contains("all good"));
    return outputs;
  }

  private static Path tree(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("d"));
    byte[] big = new byte[900_000];
    new Random(7).nextBytes(big);
    Files.write(dir.resolve("d/big.bin"), big);
    Files.writeString(dir.resolve("x.txt"), "hello remote");
    Files.setPosixFilePermissions(dir.resolve("x.txt"), PosixFilePermissions.fromString("rw-r-----"));
    Files.setLastModifiedTime(dir.resolve("d/big.bin"), FileTime.fromMillis(1_500_000_000_123L));
    Files.createSymbolicLink(dir.resolve("ln"), Path.of("x.txt"));
    return dir;
  }

  @Test
  void throughTheDaemonTheCommandsPrintWhatTheyPrintLocally() throws Exception {
    Path src = tree(tmp.resolve("src"));

    System.setProperty("cairn.path", tmp.resolve("local").toString());
    ok("init");
    List<String> local = scenario(src, tmp.resolve("got-local"));

    Path remoteRepo = tmp.resolve("remote");
    System.setProperty("cairn.path", remoteRepo.toString());
    ok("init");
    List<String> remote;
    try (Repo repo = Repo.open(remoteRepo, "test daemon");
        Daemon daemon = Daemon.start(new NodeContext(repo.store(), repo.config(), new Metrics(), remoteRepo),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))) {
      Files.writeString(remoteRepo.resolve(Repos.API_FILE), daemon.api() + "\n", StandardCharsets.UTF_8);
      remote = scenario(src, tmp.resolve("got-remote"));
      String[] added = remote.get(0).strip().split("\n");
      System.setProperty("cairn.get.stream", "true"); // the tar through the API, as a daemon elsewhere sends it
      try {
        ok("get", added[added.length - 1].split(" ")[1], "-o", tmp.resolve("got-tar").toString());
      } finally {
        System.clearProperty("cairn.get.stream");
      }
      Cli.Result missing = Cli.run("cat", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
      assertEquals(1, missing.exit());
      assertTrue(missing.err().contains("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"), missing.err());
      Cli.Result set = Cli.run("config", "Gateway.NoFetch", "true");
      assertEquals(1, set.exit());
      assertTrue(set.err().contains("stop the daemon"), set.err());
      Cli.Result migrate = Cli.run("repo", "migrate");
      assertEquals(1, migrate.exit());
      assertTrue(migrate.err().contains("stop it first"), migrate.err());
    }
    for (int i = 0; i < local.size(); i++) {
      assertEquals(local.get(i), remote.get(i), "output " + i + " differs");
    }
    for (String got : List.of("got-remote", "got-tar")) { // written by the daemon; unpacked from its tar
      for (String f : List.of("x.txt", "d/big.bin")) {
        assertArrayEquals(Files.readAllBytes(tmp.resolve("got-local").resolve(f)),
            Files.readAllBytes(tmp.resolve(got).resolve(f)), got + "/" + f);
      }
      assertEquals(Files.getLastModifiedTime(tmp.resolve("got-local/d/big.bin")),
          Files.getLastModifiedTime(tmp.resolve(got + "/d/big.bin")), got);
      assertEquals(Files.getPosixFilePermissions(tmp.resolve("got-local/x.txt")),
          Files.getPosixFilePermissions(tmp.resolve(got + "/x.txt")), got);
      assertEquals(Path.of("x.txt"), Files.readSymbolicLink(tmp.resolve(got + "/ln")), got);
    }
  }

  @Test
  void aStaleApiFileIsIgnored() throws Exception {
    Path repo = tmp.resolve("stale");
    System.setProperty("cairn.path", repo.toString());
    ok("init");
    Files.writeString(repo.resolve(Repos.API_FILE), "/ip4/127.0.0.1/tcp/1\n"); // nothing listens there
    Path f = Files.writeString(tmp.resolve("f.txt"), "local");
    String cid = ok("add", "-Q", f.toString()).strip();
    assertEquals("local", ok("cat", cid));
  }

  /**
   * The port of a killed daemon may be taken by another program since: its answer must not be
   * read as the daemon's. The lock file names the dead daemon, so the command runs locally.
   */
  @Test
  void aStaleApiFileOnAPortTakenByAnotherServerIsIgnored() throws Exception {
    Path repo = tmp.resolve("taken");
    System.setProperty("cairn.path", repo.toString());
    ok("init");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    com.sun.net.httpserver.HttpServer other =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", ex -> {
      byte[] page = "<html>not a Cairn daemon</html>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(404, page.length);
      ex.getResponseBody().write(page);
      ex.close();
    });
    other.start();
    try {
      Files.writeString(repo.resolve(Repos.API_FILE), "/ip4/127.0.0.1/tcp/" + other.getAddress().getPort() + "\n");
      Files.writeString(repo.resolve("repo.lock"), "pid " + gone.pid() + ", cairn daemon\n");
      Path f = Files.writeString(tmp.resolve("g.txt"), "local again");
      String cid = ok("add", "-Q", f.toString()).strip();
      assertTrue(Files.notExists(repo.resolve(Repos.API_FILE)), "the local command removed the stale api file");
      assertEquals("local again", ok("cat", cid));
    } finally {
      other.stop(0);
    }
  }
}
