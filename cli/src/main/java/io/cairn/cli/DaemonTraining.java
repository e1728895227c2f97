package io.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Repo;
import io.cairn.transfer.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A training run for the ahead-of-time cache {@code bin/cairn} gives the daemon (JDK 25+): two
 * nodes in one JVM, A serving and B fetching from it through its transfer engine as {@code cairn
 * get} and {@code pin add} beside B's daemon do — a 96 MiB file of raw leaves, an 8 MiB one of
 * DAG-PB leaves, a small tree. The cache then holds the daemon's classes loaded and linked and
 * the method profiles of its serving and fetching code (JEP 515), so a fresh daemon compiles that
 * code as it starts rather than part-way through its first large fetch: a fresh B fetching 1 GiB
 * from A on loopback took 3.2–3.5 s of CPU instead of 3.8–4.6 s (ARCHITECTURE.md, cli).
 * A cache trained on 96 MiB did as well as one trained on the 1 GiB fetch itself.
 */
final class DaemonTraining {
  /** The raw-leaf file's size: enough for the fetch path's methods to reach C2 in training. */
  static final int FILE_BYTES = 96 << 20;

  private DaemonTraining() {}

  public static void main(String[] args) {
    try {
      Path dir = Files.createTempDirectory("cairn-daemon-training-");
      try {
        train(dir);
      } finally {
        TrainingFiles.delete(dir);
      }
    } catch (Throwable t) {
      t.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
    Runtime.getRuntime().halt(0); // as Main ends a command; the cache is written on the way out
  }

  /**
   * The training itself, in {@code dir}: A's repository and daemon, B's, and what B fetched
   * ({@code got-big}, {@code got-tree}). Throws when any step fails.
   */
  static void train(Path dir) throws Exception {
    TrainingFiles.quietly(printed -> {
      Path a = dir.resolve("a");
      System.setProperty("cairn.path", a.toString());
      Main.run("init");
      String big = added(printed, "add", "-Q", "--cid-version=1", randomFile(dir.resolve("big.bin"), FILE_BYTES, 7));
      String small = added(printed, "add", "-Q", randomFile(dir.resolve("small.bin"), 8 << 20, 8));
      String tree = added(printed, "add", "-r", "-Q", "--cid-version=1", TrainingFiles.sampleTree(dir).toString());
      Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
      try (Repo repoA = Repo.open(a, "training");
          NodeContext nodeA = NodeContext.forDaemon(repoA.store(), repoA.config(), new Metrics(), a, false);
          Daemon daemonA = Daemon.start(nodeA, any, any)) {
        Path b = dir.resolve("b");
        Repo.init(b);
        try (Repo repoB = Repo.open(b, "training")) {
          ArrayNode peers = JsonNodeFactory.instance.arrayNode();
          peers.addObject().put("ID", repoA.config().peerId()).putArray("Addrs")
              .add("/ip4/127.0.0.1/tcp/" + daemonA.gateway().port() + "/http");
          repoB.config().set(ProviderConfig.PEERS_KEY, peers);
          try (NodeContext nodeB = NodeContext.forDaemon(repoB.store(), repoB.config(), new Metrics(), b, false);
              Daemon daemonB = Daemon.start(nodeB, any, any)) {
            Files.writeString(b.resolve(Repos.API_FILE), daemonB.api() + "\n");
            System.setProperty("cairn.path", b.toString());
            run("get", big, "-o", dir.resolve("got-big").toString());
            run("get", tree, "-o", dir.resolve("got-tree").toString());
            run("pin", "add", small);
            run("cat", tree + "/b.txt");
            Files.delete(b.resolve(Repos.API_FILE));
          }
        }
      }
    });
  }

  private static void run(String... args) {
    if (Main.run(args) != 0) {
      throw new IllegalStateException("training: 'cairn " + String.join(" ", args) + "' failed");
    }
  }

  /** Runs a {@code -Q} add and returns the CID it printed. */
  private static String added(ByteArrayOutputStream printed, String... args) {
    printed.reset();
    run(args);
    return printed.toString().strip();
  }

  /** Writes {@code size} pseudo-random bytes to {@code path}, a MiB at a time; returns the path. */
  private static String randomFile(Path path, int size, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream o = Files.newOutputStream(path)) {
      for (int left = size; left > 0; left -= chunk.length) {
        for (int i = 0; i < chunk.length; i += 8) {
          long v = random.nextLong();
          for (int k = 0; k < 8; k++) {
            chunk[i + k] = (byte) (v >>> (8 * k));
          }
        }
        o.write(chunk, 0, Math.min(left, chunk.length));
      }
    }
    return path.toString();
  }
}
