package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Repo;
import io.cairn.store.RocksStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
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
        RocksStore store = repo.store();
        AtomicLong count = new AtomicLong();
        store.forEachKey(mh -> count.incrementAndGet());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NumObjects", count.get());
        m.put("RepoSize", store.diskBytes());
        m.put("StorageMax", repo.config().get("Datastore.StorageMax").map(n -> n.asText()).orElse(""));
        m.put("RepoPath", repo.dir().toAbsolutePath().toString());
        m.put("Version", "cairn-repo@" + Repo.VERSION);
        if (json) {
          System.out.println(Json.write(m));
        } else {
          m.forEach((k, v) -> System.out.println(k + ": " + v));
        }
      }
      return 0;
    }
  }

  @Command(name = "verify", description = "Check every block against its hash and every recursive pin for completeness.")
  static final class Verify implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("repo verify")) {
        RocksStore store = repo.store();
        List<Multihash> keys = new ArrayList<>();
        store.forEachKey(keys::add);
        Progress progress = Progress.forBytes("verifying", -1);
        List<String> problems = new ArrayList<>();
        for (Multihash mh : keys) {
          Cid asRaw = Cid.v1(Multicodec.RAW, mh);
          try {
            progress.add(store.get(asRaw).length); // get() checks the bytes against the hash
          } catch (io.cairn.codec.MalformedDataException e) {
            problems.add("block " + asRaw + ": " + e.getMessage());
          }
        }
        progress.done();
        int pins = 0;
        for (Pin p : store.pins()) {
          pins++;
          if (p.mode() == PinMode.RECURSIVE) {
            DagWalk.Result r = DagWalk.walk(store, p.cid(), new HashSet<>());
            if (!r.complete()) {
              problems.add("pin " + p.cid() + " is missing " + r.missing().size() + " blocks (e.g. "
                  + r.missing().iterator().next() + ")");
            }
          } else if (!store.has(p.cid())) {
            problems.add("direct pin " + p.cid() + " has no block");
          }
        }
        if (!problems.isEmpty()) {
          problems.forEach(System.err::println);
          throw new UserException("repository damaged: " + problems.size() + " problems (listed above)");
        }
        System.out.println("verified " + keys.size() + " blocks and " + pins + " pins: all good");
      }
      return 0;
    }
  }

  @Command(name = "migrate", description = "Upgrade the repository layout (none needed yet).")
  static final class Migrate implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("repo migrate")) {
        System.out.println("the repository at " + repo.dir() + " is at version " + Repo.VERSION + "; nothing to migrate");
      }
      return 0;
    }
  }
}
