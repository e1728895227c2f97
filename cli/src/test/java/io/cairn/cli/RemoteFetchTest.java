package io.cairn.cli;

import static io.cairn.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn get} through node B's daemon retrieves a tree only node A (B's peer) holds;
 * with {@code --offline} B fetches nothing.
 */
class RemoteFetchTest {
  @TempDir
  Path tmp;

  @AfterEach
  void clear() {
    System.clearProperty("cairn.path");
  }

  @Test
  void getThroughTheDaemonFetchesFromItsPeer() {
    assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
      Path src = tmp.resolve("src");
      Files.createDirectories(src.resolve("d"));
      byte[] big = new byte[1_500_000];
      new Random(11).nextBytes(big);
      Files.write(src.resolve("d/big.bin"), big);
      Files.writeString(src.resolve("x.txt"), "only A has this");

      Path repoA = tmp.resolve("a");
      System.setProperty("cairn.path", repoA.toString());
      ok("init");
      String[] lines = ok("add", "-r", src.toString()).strip().split("\n");
      String root = lines[lines.length - 1].split(" ")[1];

      Path repoB = tmp.resolve("b");
      Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
      try (Repo a = Repo.open(repoA, "test daemon A");
          NodeContext nodeA = new NodeContext(a.store(), a.config(), new Metrics(), repoA);
          Daemon daemonA = Daemon.start(nodeA, any, any)) {
        System.setProperty("cairn.path", repoB.toString());
        ok("init");
        ok("config", "--json", "Peering.Peers",
            "[{\"ID\":\"" + a.config().peerId() + "\",\"Addrs\":[\"" + daemonA.gateway() + "/http\"]}]");
        try (Repo b = Repo.open(repoB, "test daemon B");
            NodeContext nodeB = NodeContext.forDaemon(b.store(), b.config(), new Metrics(), repoB, false);
            Daemon daemonB = Daemon.start(nodeB, any, any)) {
          Files.writeString(repoB.resolve(Repos.API_FILE), daemonB.api() + "\n", StandardCharsets.UTF_8);
          Cli.Result offline = Cli.run("--offline", "cat", root + "/x.txt");
          assertEquals(1, offline.exit(), "--offline keeps the daemon to its own blocks: " + offline.out());
          Cli.Result offlineAfter = Cli.run("get", "--offline", root, "-o", tmp.resolve("nothing").toString());
          assertEquals(1, offlineAfter.exit(), "--offline may follow the command too");
          assertEquals(false, Files.exists(tmp.resolve("nothing/x.txt")));

          Path out = tmp.resolve("got");
          ok("get", root, "-o", out.toString());
          assertArrayEquals(big, Files.readAllBytes(out.resolve("d/big.bin")));
          assertEquals("only A has this", Files.readString(out.resolve("x.txt")));
        } finally {
          Files.deleteIfExists(repoB.resolve(Repos.API_FILE));
        }
      }
    });
  }
}
