package io.cairn.cli;

import static io.cairn.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.ClusterNode;
import io.cairn.cluster.ClusterSettings;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Repo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands as people read them (no {@code --json}), against real peers run in this
 * JVM the way {@code cairn daemon} runs them: init, a join with a wrong secret (refused,
 * nothing written) and with the right one, pin add/ls, status, allocations, history, status
 * --at, recover, peers ls/rm.
 */
@Timeout(90)
class ClusterCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @AfterEach
  void clear() {
    System.clearProperty("cairn.path");
  }

  /** A repository's daemon with its cluster peer, as {@code DaemonCommand} starts them. */
  private record Peer(Repo repo, NodeContext node, Daemon daemon, ClusterNode cluster) implements AutoCloseable {
    static Peer start(Path dir) throws IOException {
      Repo repo = Repo.open(dir, "test daemon");
      NodeContext node = NodeContext.forDaemon(repo.store(), repo.config(), new Metrics(), dir, false);
      Daemon daemon = Daemon.start(node, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      ClusterSettings settings;
      try {
        settings = ClusterSettings.parse(repo.config().get(ClusterSettings.SECTION).orElseThrow(), repo.config().peerId());
      } catch (io.cairn.codec.MalformedDataException e) {
        throw new IOException(e);
      }
      ClusterNode cluster = ClusterNode.start(settings, dir, node.store(), node.transfer().orElseThrow(),
          daemon.gateway().httpUrl(), dir);
      return new Peer(repo, node, daemon, cluster);
    }

    String id() {
      return cluster.peer().id();
    }

    @Override
    public void close() throws IOException {
      try {
        cluster.close();
        daemon.close();
      } finally {
        node.close();
        repo.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void use(Path repo) {
    System.setProperty("cairn.path", repo.toString());
  }

  private static JsonNode config(Path repo) throws IOException {
    return JSON.readTree(Files.readString(repo.resolve("config"), StandardCharsets.UTF_8));
  }

  @Test
  void humanOutputOfEveryClusterCommand() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    int apiA = freePort();
    use(a);
    ok("init");
    String init = ok("cluster", "init", "--name", "test", "--raft-port", String.valueOf(freePort()),
        "--api-port", String.valueOf(apiA));
    String idA = config(a).path("Identity").path("PeerID").asText();
    String secret = config(a).path("Cluster").path("Secret").asText();
    assertTrue(init.startsWith("Cluster 'test' set up; this peer is " + idA + "\n"), init);
    assertTrue(init.contains("Secret (every peer needs it; keep it private): " + secret + "\n"), init);
    assertTrue(init.contains("  cairn cluster join 127.0.0.1:" + apiA + " --secret " + secret + "\n"), init);

    try (Peer peerA = Peer.start(a)) {
      use(b);
      ok("init");
      Cli.Result wrong = Cli.run("cluster", "join", "127.0.0.1:" + apiA, "--secret", "not-the-secret",
          "--raft-port", String.valueOf(freePort()), "--api-port", String.valueOf(freePort()));
      assertEquals(1, wrong.exit());
      assertTrue(wrong.err().contains("127.0.0.1:" + apiA + " refused the secret: use the one 'cairn cluster init'"
          + " printed on the cluster's first peer"), wrong.err());
      assertTrue(config(b).path("Cluster").isMissingNode(), "nothing written: " + config(b));
      String joined = ok("cluster", "join", "127.0.0.1:" + apiA, "--secret", secret,
          "--raft-port", String.valueOf(freePort()), "--api-port", String.valueOf(freePort()));
      String idB = config(b).path("Identity").path("PeerID").asText();
      assertEquals("This repository (" + idB + ") will join cluster 'test' through 127.0.0.1:" + apiA
          + " when 'cairn daemon' starts\n", joined);

      try (Peer peerB = Peer.start(b)) {
        use(a);
        List<String> peers = okAndClosed("cluster", "peers", "ls").lines().toList();
        assertEquals(2, peers.size(), peers.toString());
        assertTrue(peers.stream().anyMatch(l -> l.startsWith(idA + " [")), peers.toString());
        assertTrue(peers.stream().anyMatch(l -> l.startsWith(idB + " [")), peers.toString());

        while (!peerA.cluster().peer().peerApis().containsKey(idB)) {
          Thread.sleep(50); // b's first liveness report (sent as it starts) makes it allocatable
        }
        Block block = Block.create(1, Multicodec.RAW, "held by a, fetched by b".getBytes(StandardCharsets.UTF_8));
        peerA.node().store().put(block);
        Cid cid = block.cid();
        String pinned = ok("cluster", "pin", "add", cid.toString(), "--name", "doc", "-r", "2");
        assertTrue(pinned.startsWith("pinned " + cid + " on [") && pinned.contains(idA) && pinned.contains(idB), pinned);
        assertEquals(cid + " doc | rpl 2..2 | recursive | on " + allocations(idA, idB) + "\n",
            ok("cluster", "pin", "ls"));
        assertEquals(cid + " " + String.join(" ", List.of(idA, idB).stream().sorted().toList()) + "\n",
            ok("cluster", "allocations"));

        awaitPinnedOnBoth(cid);
        for (String status : List.of(okAndClosed("cluster", "status"), ok("cluster", "status", cid.toString()))) {
          List<String> lines = status.lines().toList();
          assertEquals(cid + " doc:", lines.getFirst());
          for (String id : List.of(idA, idB)) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("    > " + id + " : PINNED | ")), status);
          }
          assertTrue(lines.stream().anyMatch(l -> l.startsWith("    > " + idB + " : PINNED | ") && l.contains(" bytes fetched")),
              "b fetched it from a: " + status);
        }
        String history = ok("cluster", "history", cid.toString());
        assertTrue(history.matches("\\S+ pinned " + String.join(" ", List.of(idA, idB).stream().sorted().toList()) + "\n"),
            history);
        Instant at = Instant.parse(history.split(" ")[0]);
        assertEquals(cid + " held by " + allocations(idA, idB) + "\n", ok("cluster", "status", "--at", at.toString()));
        assertEquals("", ok("cluster", "status", "--at", at.minusSeconds(1).toString()));
        assertEquals("{\"" + cid + "\":" + allocations(idA, idB) + "}\n",
            okAndClosed("cluster", "status", "--at", at.toString(), "--json", cid.toString())); // streamed
        assertEquals("recover asked; 0 peer states not pinned yet (see 'cairn cluster status')\n",
            ok("cluster", "recover"));
        String again = ok("cluster", "recover", cid.toString()); // checked again on both: queued for a moment
        assertTrue(again.matches("recover asked; [0-2] peer states not pinned yet \\(see 'cairn cluster status'\\)\n"), again);
        awaitPinnedOnBoth(cid);
        String other = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        assertEquals(other + " was never pinned in this cluster\n", ok("cluster", "history", other));

        Cli.Result stranger = Cli.run("cluster", "peers", "rm", "12D3KooWNotAMember");
        assertEquals(1, stranger.exit());
        assertTrue(stranger.err().contains("12D3KooWNotAMember is not a peer of this cluster ('cairn cluster peers ls'"
            + " lists them)"), stranger.err());
        assertEquals("removed " + idB + "\n", ok("cluster", "peers", "rm", idB));
        // a, which started the cluster, recorded itself; b joined, then was removed
        List<String> members = ok("cluster", "history", "--peers").lines().toList();
        assertEquals(3, members.size(), members.toString());
        for (String id : List.of(idA, idB)) {
          assertTrue(members.subList(0, 2).stream().anyMatch(l -> l.matches("\\S+ peer-added " + id
              + " raft 127\\.0\\.0\\.1:\\d+")), members.toString());
        }
        assertTrue(members.get(2).matches("\\S+ peer-removed " + idB + " raft 127\\.0\\.0\\.1:\\d+"), members.toString());
        assertEquals(1, Cli.run("cluster", "history").exit(), "a CID or --peers");
        List<String> left = ok("cluster", "peers", "ls").lines().toList();
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.getFirst().startsWith(idA + " "), left.toString());
        assertEquals("unpinned " + cid + "\n", ok("cluster", "pin", "rm", cid.toString()));
        assertEquals("", ok("cluster", "pin", "ls"));
      }
    }
    Cli.Result down = Cli.run("cluster", "status");
    assertNotEquals(0, down.exit());
    assertTrue(down.err().contains("is 'cairn daemon' running?"), down.err());
  }

  /**
   * Runs a command that must succeed and leave no HTTP client running: a JDK HttpClient's
   * selector thread left alive made HotSpot's exit wait up to 0.3 s for it.
   */
  private static String okAndClosed(String... args) throws InterruptedException {
    Set<Thread> before = selectorThreads();
    String out = ok(args);
    for (Thread t : selectorThreads()) {
      if (!before.contains(t)) {
        t.join(5_000); // a closed client's selector thread ends at once; an open one never does
        assertFalse(t.isAlive(), String.join(" ", args) + " left its HTTP client running: " + t.getName());
      }
    }
    return out;
  }

  private static Set<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager")).collect(Collectors.toSet());
  }

  private static String allocations(String... ids) throws IOException {
    return JSON.writeValueAsString(List.of(ids).stream().sorted().toList());
  }

  /** Waits (bounded by the test's timeout) until both peers report the pin as pinned. */
  private static void awaitPinnedOnBoth(Cid cid) throws Exception {
    while (true) {
      JsonNode s = JSON.readTree(ok("cluster", "status", cid.toString(), "--json"));
      boolean all = s.path("peer_map").size() == 2;
      for (JsonNode p : s.path("peer_map")) {
        all &= p.path("status").asText().equals("pinned");
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
  }
}
