package io.cairn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A training run for the ahead-of-time cache {@code bin/cairn} gives the commands that only relay
 * a running daemon's answer ({@code sync}, {@code get}, {@code cat} beside a daemon; JDK 25+). The
 * daemon runs in a process of its own, so the cache holds the client's classes and linked call
 * sites alone: a cache trained with a daemon in the same JVM loads thousands of classes at every
 * start and is slower than none.
 */
final class ClientTraining {
  private ClientTraining() {}

  public static void main(String[] args) {
    try {
      train();
    } catch (Throwable t) {
      t.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
    Runtime.getRuntime().halt(0); // as Main ends a command
  }

  private static void train() throws Exception {
    Path dir = Files.createTempDirectory("cairn-client-training-");
    Path repo = dir.resolve("repo");
    Process daemon = null;
    try {
      Path src = TrainingFiles.sampleTree(dir);
      cairn(repo, dir, "init").waitFor();
      cairn(repo, dir, "config", "Addresses.API", "/ip4/127.0.0.1/tcp/0").waitFor();
      cairn(repo, dir, "config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0").waitFor();
      daemon = cairn(repo, dir, "daemon", "--offline");
      Path api = repo.resolve(Repos.API_FILE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(api)) {
        if (!daemon.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("the training daemon did not start; see " + dir.resolve("daemon.log"));
        }
        Thread.sleep(50);
      }
      TrainingFiles.quietly(printed -> {
        System.setProperty("cairn.path", repo.toString());
        Main.run("version");
        Main.run("sync", "-q", src.toString());
        Files.writeString(src.resolve("c.txt"), "changed");
        Main.run("sync", src.toString());
        printed.reset();
        Main.run("sync", "--json", src.toString());
        Main.run("sync", "-q", src.toString());
        String root = printed.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
        Main.run("cat", root + "/b.txt");
        Main.run("cat", root + "/d/a.bin");
        Main.run("get", root, "-o", dir.resolve("got").toString());
        Main.run("get", root + "/b.txt", "-o", dir.resolve("got.txt").toString());
      });
    } finally {
      if (daemon != null) {
        daemon.destroy();
        daemon.waitFor(30, TimeUnit.SECONDS);
      }
      TrainingFiles.delete(dir);
    }
  }

  /** Runs {@code cairn ARGS} on {@code repo} in a JVM of its own, output to {@code dir/daemon.log}. */
  private static Process cairn(Path repo, Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()));
    pb.environment().put("CAIRN_PATH", repo.toString());
    pb.environment().remove("JAVA_TOOL_OPTIONS"); // the training JVM's own options are not the daemon's
    return pb.start();
  }
}
