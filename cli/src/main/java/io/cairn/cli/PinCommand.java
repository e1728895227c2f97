package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.server.node.PinListing;
import io.cairn.server.node.Pins;
import io.cairn.store.Repo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn pin add|ls|rm}. */
@Command(name = "pin", description = "Keep DAGs from garbage collection.",
    subcommands = {PinCommand.Add.class, PinCommand.Ls.class, PinCommand.Rm.class})
final class PinCommand {

  @Command(name = "add", description = "Pin DAGs (recursive by default); every block must be in the repository.")
  static final class Add implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<String> paths;

    @Option(names = {"-r", "--recursive"}, arity = "1", defaultValue = "true", paramLabel = "BOOL",
        description = "Pin the whole DAG (default true); false pins the block alone.")
    boolean recursive;

    @Option(names = "--name", paramLabel = "NAME", description = "A name for the pin.")
    String name;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("pin add")) {
        io.cairn.unixfs.UnixfsExporter ex = new io.cairn.unixfs.UnixfsExporter(repo.store());
        for (String p : paths) {
          Cid cid = Repos.IpfsPath.parse(p).resolve(ex);
          Pins.add(repo.store(), cid, recursive, name);
          System.out.println("pinned " + cid + " " + (recursive ? "recursively" : "directly"));
        }
      }
      return 0;
    }
  }

  @Command(name = "ls", description = "List pins: recursive, direct, and (with --type=indirect or all) the blocks they reach.")
  static final class Ls implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "0..*")
    List<String> cids = new ArrayList<>();

    @Option(names = {"-t", "--type"}, defaultValue = "all", paramLabel = "TYPE",
        description = "direct, indirect, recursive or all (default).")
    String type;

    @Option(names = {"-q", "--quiet"}, description = "Print only CIDs.")
    boolean quiet;

    @Option(names = "--json", description = "Print JSON: {\"Keys\": {cid: {\"Type\", \"Name\"}}}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (!List.of("all", "direct", "indirect", "recursive").contains(type)) {
        throw new UserException("--type must be direct, indirect, recursive or all");
      }
      Map<String, Map<String, String>> keys = new LinkedHashMap<>();
      try (Repo repo = Repos.open("pin ls")) {
        for (PinListing.Entry e : PinListing.list(repo.store(), type)) {
          keys.put(e.cid().toString(), entry(e.type(), e.name()));
        }
      }
      if (!cids.isEmpty()) {
        Map<String, Map<String, String>> only = new LinkedHashMap<>();
        for (String c : cids) {
          String k = Repos.IpfsPath.parse(c).root().toString();
          if (!keys.containsKey(k)) {
            throw new UserException(k + " is not pinned");
          }
          only.put(k, keys.get(k));
        }
        keys = only;
      }
      print(keys);
      return 0;
    }

    /** Prints pins: CID → {Type, Name} (also for the same command run through a daemon). */
    void print(Map<String, Map<String, String>> keys) {
      if (json) {
        System.out.println(Json.write(Map.of("Keys", keys)));
      } else {
        keys.forEach((k, v) -> System.out.println(quiet ? k : k + " " + v.get("Type")
            + (v.get("Name").isEmpty() ? "" : " " + v.get("Name"))));
      }
    }

    private static Map<String, String> entry(String type, String name) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("Type", type);
      m.put("Name", name);
      return m;
    }
  }

  @Command(name = "rm", description = "Remove pins (the blocks stay until 'cairn gc').")
  static final class Rm implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "1..*")
    List<String> cids;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("pin rm")) {
        for (String c : cids) {
          Cid cid = Repos.IpfsPath.parse(c).root();
          Pins.remove(repo.store(), cid, true);
          System.out.println("unpinned " + cid);
        }
      }
      return 0;
    }
  }
}
