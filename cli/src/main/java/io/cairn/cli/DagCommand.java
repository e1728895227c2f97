package io.cairn.cli;

import io.cairn.car.CarReader;
import io.cairn.car.CarWriter;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Links;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Repo;
import io.cairn.store.Store;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Store store = repo.store();
        OutputStream out = new BufferedOutputStream(System.out, 1 << 20);
        Progress progress = Progress.forBytes("exporting", -1);
        try (CarWriter car = CarWriter.v1(out, List.of(root))) {
          ArrayDeque<Cid> stack = new ArrayDeque<>();
          Set<Multihash> seen = new HashSet<>();
          stack.push(root);
          while (!stack.isEmpty()) {
            Cid c = stack.pop();
            if (!seen.add(c.multihash())) {
              continue;
            }
            if (!store.has(c)) {
              throw new UserException("cannot export " + root + ": block " + c + " is not in the repository");
            }
            byte[] data = store.get(c);
            car.put(Block.of(c, data));
            progress.add(data.length);
            List<Cid> links = Links.of(c, data);
            for (int i = links.size() - 1; i >= 0; i--) {
              stack.push(links.get(i));
            }
          }
          car.flush();
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
            verify(file);
            try (Store.Batch batch = repo.store().batch();
                CarReader r = CarReader.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
              Progress progress = Progress.forBytes("importing", Files.size(file));
              Block b;
              while ((b = r.next()) != null) {
                batch.put(b);
                progress.add(b.size());
              }
              progress.done();
              batch.commit(List.of());
              blocks += batch.blocks();
              bytes += batch.bytes();
              roots.addAll(r.roots());
            }
          } finally {
            if (f.equals("-")) {
              Files.deleteIfExists(file);
            }
          }
        }
        if (pinRoots) {
          for (Cid root : roots) {
            DagWalk.Result w = DagWalk.walk(repo.store(), root, new HashSet<>());
            if (!w.complete()) {
              System.err.println("not pinning root " + root + ": " + w.missing().size() + " of its blocks are missing");
              continue;
            }
            repo.store().putPin(new Pin(root, PinMode.RECURSIVE, ""));
            System.out.println("pinned root " + root + " success");
          }
        }
        if (stats) {
          System.out.println("imported " + blocks + " blocks (" + bytes + " bytes)");
        }
      }
      return 0;
    }

    /** A first pass over the whole CAR: any bad block stops the import before anything is stored. */
    private static void verify(Path file) throws IOException {
      try (CarReader r = CarReader.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
        while (r.next() != null) {
          // each block is hashed against its CID as it is read
        }
      } catch (io.cairn.codec.MalformedDataException e) {
        throw new UserException(file + " was not imported (nothing from it was stored): " + e.getMessage());
      }
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
        DagWalk.Result r = DagWalk.walk(repo.store(), root, new HashSet<>());
        if (!r.complete()) {
          throw new UserException(root + " is incomplete: " + r.missing().size() + " blocks are missing (e.g. "
              + r.missing().iterator().next() + ")");
        }
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Cid", root.toString());
          m.put("Size", r.bytes());
          m.put("NumBlocks", r.blocks());
          System.out.println(Json.write(m));
        } else {
          System.out.println("Size: " + r.bytes() + ", NumBlocks: " + r.blocks());
        }
      }
      return 0;
    }
  }
}
