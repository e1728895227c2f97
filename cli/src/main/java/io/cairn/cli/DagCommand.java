package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.server.node.CarImport;
import io.cairn.server.node.DagExport;
import io.cairn.server.node.DagStats;
import io.cairn.store.Repo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn dag export|import|stat}: DAGs as CAR files. */
@Command(name = "dag", description = "Export and import DAGs as CAR files; DAG statistics.",
    subcommands = {DagCommand.Export.class, DagCommand.Import.class, DagCommand.Stat.class})
final class DagCommand {

  @Command(name = "export", description = "Write a DAG as a CARv1 to standard output (blocks in depth-first order).")
  static final class Export implements Callable<Integer> {
    @Parameters(paramLabel = "CID")
    String cid;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("dag export")) {
        Cid root = Repos.IpfsPath.parse(cid).root();
        Progress progress = Progress.forBytes("exporting", -1);
        try (OutputStream out = new BufferedOutputStream(System.out, 1 << 20)) {
          DagExport.write(repo.store(), root, out, progress::add);
        } finally {
          progress.done();
        }
      }
      return 0;
    }
  }

  @Command(name = "import", description = "Import CAR files: all their blocks, checked first (nothing is stored from a CAR with a bad block), and pin their roots.")
  static final class Import implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "CAR files ('-' for standard input).")
    List<String> files;

    @Option(names = "--pin-roots", arity = "1", defaultValue = "true", paramLabel = "BOOL",
        description = "Pin the CARs' roots recursively (default true).")
    boolean pinRoots;

    @Option(names = "--stats", description = "Print how many blocks and bytes were imported.")
    boolean stats;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("dag import")) {
        long blocks = 0;
        long bytes = 0;
        List<Cid> roots = new ArrayList<>();
        for (String f : files) {
          Path file = f.equals("-") ? spool(repo) : Path.of(f);
          try {
            Progress progress = Progress.forBytes("importing", Files.size(file));
            CarImport.Result r;
            try {
              r = CarImport.importFile(repo.store(), file, file.toString(), progress::add);
            } finally {
              progress.done();
            }
            blocks += r.blocks();
            bytes += r.bytes();
            roots.addAll(r.roots());
          } finally {
            if (f.equals("-")) {
              Files.deleteIfExists(file);
            }
          }
        }
        if (pinRoots) {
          for (CarImport.RootPin r : CarImport.pinRoots(repo.store(), roots)) {
            if (r.pinned()) {
              System.out.println("pinned root " + r.root() + " success");
            } else {
              System.err.println("not pinning root " + r.root() + ": " + r.error());
            }
          }
        }
        if (stats) {
          System.out.println("imported " + blocks + " blocks (" + bytes + " bytes)");
        }
      }
      return 0;
    }

    private static Path spool(Repo repo) throws IOException {
      Path tmp = Files.createTempFile(repo.dir(), "import-", ".car");
      try (InputStream in = System.in) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      return tmp;
    }
  }

  @Command(name = "stat", description = "Count the blocks and bytes of a DAG.")
  static final class Stat implements Callable<Integer> {
    @Parameters(paramLabel = "CID")
    String cid;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("dag stat")) {
        Cid root = Repos.IpfsPath.parse(cid).root();
        DagStats.RootStat r = DagStats.of(repo.store(), List.of(root)).roots().get(0);
        print(root.toString(), r.size(), r.blocks());
      }
      return 0;
    }

    /** Prints a DAG's size and block count (also for the same command run through a daemon). */
    void print(String root, long size, long blocks) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cid", root);
        m.put("Size", size);
        m.put("NumBlocks", blocks);
        System.out.println(Json.write(m));
      } else {
        System.out.println("Size: " + size + ", NumBlocks: " + blocks);
      }
    }
  }
}
