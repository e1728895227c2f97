package io.cairn.cli;

import io.cairn.server.node.RepoStats;
import io.cairn.server.node.RepoVerify;
import io.cairn.store.Repo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn repo stat|verify|gc}. */
@Command(name = "repo", description = "Repository statistics, verification and garbage collection.",
    subcommands = {RepoCommand.Stat.class, RepoCommand.Verify.class, GcCommand.class, RepoCommand.Migrate.class})
final class RepoCommand {

  @Command(name = "stat", description = "Block count, size on disk, limits and path.")
  static final class Stat implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("repo stat")) {
        RepoStats s = RepoStats.of(repo.store(), repo.config(), repo.dir());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NumObjects", s.numObjects());
        m.put("RepoSize", s.repoSize());
        m.put("StorageMax", s.storageMax());
        m.put("RepoPath", s.repoPath());
        m.put("Version", s.version());
        print(m);
      }
      return 0;
    }

    /** Prints the statistics, in this order (also for the same command run through a daemon). */
    void print(Map<String, Object> m) {
      if (json) {
        System.out.println(Json.write(m));
      } else {
        m.forEach((k, v) -> System.out.println(k + ": " + v));
      }
    }
  }

  @Command(name = "verify", description = "Check every block against its hash and every recursive pin for completeness.")
  static final class Verify implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("repo verify")) {
        Progress progress = Progress.forBytes("verifying", -1);
        RepoVerify.Result r;
        try {
          r = RepoVerify.run(repo.store(), (index, bytes, problem) -> progress.add(bytes));
        } finally {
          progress.done();
        }
        if (!r.ok()) {
          r.problems().forEach(System.err::println);
          throw new UserException("repository damaged: " + r.problems().size() + " problems (listed above)");
        }
        System.out.println("verified " + r.blocks() + " blocks and " + r.pins() + " pins: all good");
      }
      return 0;
    }
  }

  @Command(name = "migrate", description = "Upgrade the repository layout to the one this Cairn uses.")
  static final class Migrate implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      java.nio.file.Path dir = Repo.defaultPath();
      Repo.Migration m = Repo.migrate(dir);
      if (m.from() == m.to()) {
        System.out.println("the repository at " + dir + " is at version " + m.to() + "; nothing to migrate");
      } else {
        System.out.println("migrated the repository at " + dir + " from version " + m.from() + " to " + m.to());
      }
      return 0;
    }
  }
}
