package io.cairn.cli;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.server.node.Blocks;
import io.cairn.store.Repo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn block get|put|stat|rm}: raw blocks. */
@Command(name = "block", description = "Work with raw blocks.",
    subcommands = {BlockCommand.Get.class, BlockCommand.Put.class, BlockCommand.Stat.class, BlockCommand.Rm.class})
final class BlockCommand {
  @Command(name = "get", description = "Write a block's bytes to standard output.")
  static final class Get implements Callable<Integer> {
    @Parameters(paramLabel = "CID")
    String cid;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("block get")) {
        System.out.write(repo.store().get(Repos.IpfsPath.parse(cid).root()));
        System.out.flush();
      }
      return 0;
    }
  }

  @Command(name = "put", description = "Store blocks read from files (or standard input); print their CIDs.")
  static final class Put implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<Path> files = new ArrayList<>();

    @Option(names = "--cid-codec", defaultValue = "raw", paramLabel = "CODEC", description = "raw (default), dag-pb, dag-cbor.")
    String codec;

    @Option(names = "--mhtype", defaultValue = "sha2-256", paramLabel = "HASH", description = "Only sha2-256.")
    String mhtype;

    @Override
    public Integer call() throws Exception {
      Blocks.checkHash(mhtype);
      Multicodec c = Blocks.codec(codec);
      List<byte[]> inputs = new ArrayList<>();
      if (files.isEmpty()) {
        inputs.add(readCapped(System.in, "standard input"));
      } else {
        for (Path f : files) {
          try (InputStream in = Files.newInputStream(f)) {
            inputs.add(readCapped(in, f.toString()));
          }
        }
      }
      try (Repo repo = Repos.open("block put")) {
        for (byte[] data : inputs) {
          Block b = Blocks.create(1, c, data);
          repo.store().put(b);
          System.out.println(b.cid());
        }
      }
      return 0;
    }

    private static byte[] readCapped(InputStream in, String what) throws java.io.IOException {
      byte[] data = in.readNBytes(Blocks.MAX_BLOCK + 1);
      if (data.length > Blocks.MAX_BLOCK) {
        throw new UserException(what + " is over the 2 MiB block limit; add files with 'cairn add' instead");
      }
      return data;
    }
  }

  @Command(name = "stat", description = "Show a block's CID and size.")
  static final class Stat implements Callable<Integer> {
    @Parameters(paramLabel = "CID")
    String cid;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("block stat")) {
        Cid c = Repos.IpfsPath.parse(cid).root();
        int size = repo.store().get(c).length;
        print(c.toString(), size);
      }
      return 0;
    }

    /** Prints a block's key and size (also for the same command run through a daemon). */
    void print(String key, long size) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Key", key);
        m.put("Size", size);
        System.out.println(Json.write(m));
      } else {
        System.out.println("Key: " + key);
        System.out.println("Size: " + size);
      }
    }
  }

  @Command(name = "rm", description = "Remove blocks (refused for pinned ones).")
  static final class Rm implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "1..*")
    List<String> cids;

    @Option(names = {"-f", "--force"}, description = "Do not fail on blocks that are not there.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("block rm")) {
        Blocks.Remover remover = new Blocks.Remover(repo.store());
        for (String s : cids) {
          Cid c = Repos.IpfsPath.parse(s).root();
          Blocks.Removal r = remover.remove(c);
          if (r == Blocks.Removal.REMOVED) {
            System.out.println("removed " + c);
          } else if (!(force && r == Blocks.Removal.NOT_FOUND)) {
            throw new UserException(r.message(c, remover));
          }
        }
      }
      return 0;
    }
  }
}
