package io.cairn.cli;

import io.cairn.cluster.ClusterNode;
import io.cairn.cluster.ClusterSettings;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Config;
import io.cairn.store.Repo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn daemon}: serves the RPC API and the gateway until SIGINT/SIGTERM. While it
 * runs, {@code $CAIRN_PATH/api} holds the API's multiaddr so other commands use the API.
 * SIGINT and SIGTERM stop it gracefully (exit 0); a SIGKILL is safe too (the store is crash-safe).
 */
@Command(name = "daemon", description = "Serve the gateway and the RPC API until stopped (Ctrl-C or SIGTERM).")
final class DaemonCommand implements Callable<Integer> {
  @Option(names = "--init", description = "Initialize the repository first if there is none.")
  boolean init;

  /** The global {@code --offline} ({@link Main#offline}), given before or after {@code daemon}. */
  @picocli.CommandLine.ParentCommand
  Main main;

  @Override
  public Integer call() throws Exception {
    Path dir = Repo.defaultPath();
    PrintStream out = System.out;
    if (init && !Repo.exists(dir)) {
      out.println("Initializing a Cairn repository at " + dir);
      Repo.init(dir);
    }
    Repo repo = Repos.open("daemon");
    Daemon daemon = null;
    NodeContext node = null;
    ClusterNode cluster = null;
    Path apiFile = dir.resolve(Repos.API_FILE);
    try {
      Config config = repo.config();
      Multiaddr api = address(config, "Addresses.API");
      Multiaddr gateway = address(config, "Addresses.Gateway");
      if (!api.isLoopback() && config.get("API.Authorizations").map(n -> n.isEmpty()).orElse(true)) {
        System.err.println("WARNING: the RPC API will listen on " + api + ", which other machines can reach, and"
            + " API.Authorizations is empty: anyone who reaches it controls this node. Set a secret with"
            + " 'cairn config --json API.Authorizations '{\"me\":{\"AuthSecret\":\"bearer:TOKEN\"}}''");
      }
      node = NodeContext.forDaemon(repo.store(), config, new Metrics(), repo.dir(), main.offline);
      daemon = Daemon.start(node, api, gateway);
      Files.writeString(apiFile, daemon.api() + "\n", StandardCharsets.UTF_8);
      cluster = startCluster(repo, config, node, daemon);
    } catch (IOException | RuntimeException e) {
      if (daemon != null) {
        daemon.close();
        Files.deleteIfExists(apiFile);
      }
      if (node != null) {
        node.close();
      }
      repo.close();
      throw e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"INT", "TERM"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stop.countDown());
    }
    out.println("Peer identity: " + repo.config().peerId());
    out.println("RPC API server listening on " + daemon.api());
    out.println("Gateway server listening on " + daemon.gateway());
    if (!node.online()) {
      out.println("Offline: missing blocks are not fetched (" + (main.offline ? "--offline" : "Gateway.NoFetch") + ")");
    }
    if (cluster != null) {
      out.println("Cluster peer " + cluster.peer().id() + " of '" + config(repo).name() + "': REST API on "
          + cluster.api().address().getHostString() + ":" + cluster.api().address().getPort());
    }
    out.println("Daemon is ready");
    out.flush();
    stop.await();
    System.err.println("Received interrupt signal, shutting down...");
    try {
      if (cluster != null) {
        cluster.close(); // first: no more pins start on a node that is going away
      }
      daemon.close(); // refuses new requests, lets those in flight finish
    } finally {
      node.close();
      Files.deleteIfExists(apiFile);
      repo.close();
    }
    System.err.println("Stopped cleanly.");
    return 0;
  }

  private static ClusterSettings config(Repo repo) {
    try {
      return ClusterSettings.parse(repo.config().get(ClusterSettings.SECTION).orElse(null), repo.config().peerId());
    } catch (io.cairn.codec.MalformedDataException e) {
      throw new UserException("the repository's cluster config is wrong: " + e.getMessage()
          + "; fix it with 'cairn config' or run 'cairn cluster init --name NAME' again");
    }
  }

  /** The cluster peer, when the config has a {@code Cluster} section (see {@link ClusterSettings}). */
  private ClusterNode startCluster(Repo repo, Config config, NodeContext node, Daemon daemon) throws IOException {
    if (config.get(ClusterSettings.SECTION).filter(n -> !n.isNull()).isEmpty()) {
      return null; // not a cluster peer ('cairn config --json Cluster null' turns it off)
    }
    ClusterSettings settings = config(repo);
    if (node.transfer().isEmpty()) {
      throw new UserException("this repository is a cluster peer, and a cluster peer fetches what is allocated to it:"
          + " start the daemon without --offline (and with Gateway.NoFetch false)");
    }
    return ClusterNode.start(settings, repo.dir(), node.store(), node.transfer().get(), daemon.gateway().httpUrl(),
        repo.dir());
  }

  private static Multiaddr address(Config config, String key) {
    String text = config.get(key).map(n -> n.isArray() && !n.isEmpty() ? n.get(0).asText() : n.asText())
        .orElseThrow(() -> new UserException("the config has no " + key + "; set one with 'cairn config " + key
            + " /ip4/127.0.0.1/tcp/PORT'"));
    try {
      return Multiaddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(key + ": " + e.getMessage());
    }
  }
}
