package io.cairn.cli;

import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cairn.store.Repo;
import io.cairn.transfer.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run for the class-data-sharing archive {@code bin/cairn} makes after a build:
 * the everyday commands and a daemon's start, in one JVM, on a throw-away repository, so the
 * archive holds the classes they load and every later command starts faster.
 */
final class Training {
  private Training() {}

  public static void main(String[] args) {
    // Exits explicitly, as a command does: the RPC clients' schedulers are not daemon threads.
    try {
      train();
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void train() throws Exception {
    Path dir = Files.createTempDirectory("cairn-training-");
    try {
      TrainingFiles.quietly(printed -> train(dir, printed));
    } finally {
      TrainingFiles.delete(dir);
    }
  }

  private static void train(Path dir, ByteArrayOutputStream printed) throws Exception {
    System.setProperty("cairn.path", dir.resolve("repo").toString());
    Path src = TrainingFiles.sampleTree(dir);
    Main.run("init");
    Main.run("add", "-n", "-r", src.toString());
    Main.run("add", "-r", "-Q", src.toString());
    Main.run("add", "-r", "--cid-version=1", src.toString());
    printed.reset();
    Main.run("add", "-r", "-Q", "--cid-version=1", src.toString());
    String root = printed.toString().strip();
    Main.run("cat", "bafkreif3a5myd3zlkpwlv5nq2j6mbswhrwkojrt45odltfrwfqhdbvw7gu");
    Main.run("pin", "ls");
    Main.run("repo", "stat");
    Main.run("gc");
    try (Repo repo = Repo.open(dir.resolve("repo"), "training");
        Daemon d = Daemon.start(new NodeContext(repo.store(), repo.config(), new Metrics(), dir.resolve("repo")),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))) {
      HttpClient http = HttpClient.newHttpClient();
      http.send(HttpRequest.newBuilder(URI.create(d.gateway().httpUrl() + "/ipfs/bafkqaaa")).build(),
          HttpResponse.BodyHandlers.discarding());
      http.send(HttpRequest.newBuilder(URI.create(d.api().httpUrl() + "/api/v0/version"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      // The CLI as a daemon's client (RpcClient, the daemon's sync), as 'cairn sync' runs beside a daemon.
      Path api = dir.resolve("repo").resolve(Repos.API_FILE);
      Files.writeString(api, d.api() + "\n");
      Main.run("sync", "-q", src.toString());
      Main.run("sync", "ls");
      Main.run("pin", "ls");
      Files.delete(api);
      fetchFrom(d, repo.config().peerId(), root, dir);
    }
  }

  /**
   * A second node fetching {@code root} from {@code a} through its transfer engine, as 'cairn get'
   * and 'cat' beside a daemon do (the engine's HTTP client, CAR reading, the daemon writing files).
   */
  private static void fetchFrom(Daemon a, String peerA, String root, Path dir) throws Exception {
    Path b = dir.resolve("b");
    Repo.init(b);
    try (Repo repo = Repo.open(b, "training")) {
      ArrayNode peers = JsonNodeFactory.instance.arrayNode();
      peers.addObject().put("ID", peerA).putArray("Addrs")
          .add("/ip4/127.0.0.1/tcp/" + a.gateway().port() + "/http");
      repo.config().set(ProviderConfig.PEERS_KEY, peers);
      Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
      try (NodeContext node = NodeContext.forDaemon(repo.store(), repo.config(), new Metrics(), b, false);
          Daemon d = Daemon.start(node, any, any)) {
        Files.writeString(b.resolve(Repos.API_FILE), d.api() + "\n");
        System.setProperty("cairn.path", b.toString());
        Main.run("get", root, "-o", dir.resolve("got").toString());
        Main.run("cat", root + "/b.txt");
        Files.delete(b.resolve(Repos.API_FILE));
      }
    }
  }
}
