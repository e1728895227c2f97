package io.cairn.cli;

import io.cairn.server.node.TreeExporter;
import io.cairn.car.CarBlockSource;
import io.cairn.car.CarFileWriter;
import io.cairn.car.CarIndex;
import io.cairn.car.CarReader;
import io.cairn.car.CarV2Header;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.server.node.TreeAdder;
import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsExporter;
import io.cairn.unixfs.UnixfsImporter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn car …}: write, read and check CAR files. */
@Command(name = "car", description = "Create, inspect, verify and unpack CAR files.",
    subcommands = {CarCommand.Inspect.class, CarCommand.Verify.class, CarCommand.Pack.class, CarCommand.Unpack.class})
final class CarCommand {

  /** What a full pass over a CAR found. */
  record Scan(int version, List<Cid> roots, int blocks, long blockBytes, Optional<CarV2Header> v2,
      Optional<CarIndex> index, List<String> indexProblems) {}

  /** Reads every block (verifying each) and, for CARv2, checks the index against the blocks. */
  static Scan scan(Path file, Progress progress) throws IOException {
    try (CarReader r = CarReader.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      Map<Multihash, Long> seen = new HashMap<>();
      long bytes = 0;
      Block b;
      while ((b = r.next()) != null) {
        seen.putIfAbsent(b.cid().multihash(), r.lastSectionOffset());
        bytes += b.size();
        progress.add(b.size());
      }
      Optional<CarIndex> index = r.readIndex();
      List<String> problems = new ArrayList<>();
      if (index.isPresent()) {
        checkIndex(index.get(), seen, problems);
      }
      return new Scan(r.version(), r.roots(), r.blockCount(), bytes, r.v2Header(), index, problems);
    }
  }

  private static void checkIndex(CarIndex index, Map<Multihash, Long> blocks, List<String> problems) {
    Map<String, Long> byDigest = new HashMap<>();
    blocks.forEach((mh, off) -> byDigest.putIfAbsent(mh.code().code() + ":" + java.util.HexFormat.of().formatHex(mh.digest()), off));
    Map<String, Long> anyCode = new HashMap<>();
    blocks.forEach((mh, off) -> anyCode.putIfAbsent(java.util.HexFormat.of().formatHex(mh.digest()), off));
    int matched = 0;
    for (CarIndex.Entry e : index.entries()) {
      String hex = java.util.HexFormat.of().formatHex(e.digest());
      Long off = e.code() == -1 ? anyCode.get(hex) : byDigest.get(e.code() + ":" + hex);
      if (off == null) {
        problems.add("index lists digest " + hex + " which is not in the data");
      } else if (off != e.offset()) {
        problems.add("index puts digest " + hex + " at offset " + e.offset() + " but its section is at " + off);
      } else {
        matched++;
      }
    }
    long identity = blocks.keySet().stream().filter(mh -> mh.code().code() == 0).count();
    if (matched < blocks.size() - identity) {
      problems.add((blocks.size() - identity - matched) + " blocks are missing from the index");
    }
  }

  @Command(name = "inspect", description = "Show a CAR's version, roots, block count and index.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Scan s = scan(file, Progress.none());
      List<String> roots = s.roots().stream().map(Cid::toString).toList();
      if (json) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("version", s.version());
        m.put("roots", roots);
        m.put("blocks", s.blocks());
        m.put("blockBytes", s.blockBytes());
        m.put("indexed", s.index().isPresent());
        m.put("indexCodec", s.index().map(i -> i.codec().name()).orElse(null));
        m.put("indexEntries", s.index().map(CarIndex::size).orElse(0));
        m.put("indexProblems", s.indexProblems());
        System.out.println(Json.write(m));
      } else {
        System.out.println("Version: " + s.version());
        System.out.println("Roots: " + (roots.isEmpty() ? "(none)" : String.join(" ", roots)));
        System.out.println("Blocks: " + s.blocks() + " (" + s.blockBytes() + " bytes of block data)");
        System.out.println("Index: " + s.index().map(i -> i.codec().name() + ", " + i.size() + " entries").orElse("none"));
        for (String p : s.indexProblems()) {
          System.out.println("Index problem: " + p);
        }
      }
      return 0;
    }
  }

  @Command(name = "verify", description = "Check every block of a CAR against its CID (and a CARv2 index against the blocks).")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      Progress progress = Progress.forFile("verifying", Files.size(file));
      Scan s;
      try {
        s = scan(file, progress);
      } finally {
        progress.done();
      }
      if (!s.indexProblems().isEmpty()) {
        throw new UserException(file + ": the CARv2 index does not match the data: " + s.indexProblems().get(0)
            + (s.indexProblems().size() > 1 ? " (and " + (s.indexProblems().size() - 1) + " more)" : ""));
      }
      System.out.println("verified " + s.blocks() + " blocks in " + file + " (CARv" + s.version() + ")");
      return 0;
    }
  }

  @Command(name = "pack", description = "Import files or directories into a new CAR file; prints the root CID.")
  static final class Pack implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<Path> paths;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The CAR file to write.")
    Path output;

    @Option(names = "--car-version", paramLabel = "N", description = "1 (default) or 2 (with a MultihashIndexSorted index).")
    int carVersion = 1;

    @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap the paths in a directory.")
    boolean wrap;

    @Option(names = {"-H", "--hidden"}, description = "Include files whose names start with '.'.")
    boolean hidden;

    @Mixin
    ImportFlags flags;

    @Override
    public Integer call() throws IOException {
      if (carVersion != 1 && carVersion != 2) {
        throw new UserException("--car-version must be 1 or 2");
      }
      ImportOptions options = flags.toOptions();
      List<Inputs.Arg> args = Inputs.sortedArgs(paths);
      if (args.size() > 1 && !wrap) {
        throw new UserException("a CAR from several paths needs -w (wrap them in one directory)");
      }
      int rootSize = options.cidVersion() == 0 ? 34 : 36;
      try (CarFileWriter car = CarFileWriter.create(output, carVersion, rootSize);
          UnixfsImporter importer = new UnixfsImporter(options, car)) {
        Progress progress = Progress.forBytes("packing", totalSize(args));
        TreeAdder adder = new TreeAdder(importer, hidden, new TreeAdder.Listener() {
          @Override
          public void added(String path, ImportedNode node) {}

          @Override
          public void bytesRead(long n) {
            progress.add(n);
          }
        });
        List<DirectoryEntry> entries = new ArrayList<>();
        ImportedNode root = null;
        for (Inputs.Arg a : args) {
          root = adder.add(a.path(), a.name(), true).node();
          entries.add(new DirectoryEntry(a.name(), root));
        }
        if (wrap) {
          root = importer.directory(entries, Metadata.NONE);
        }
        progress.done();
        car.finish(List.of(root.cid()));
        System.out.println(root.cid());
      }
      return 0;
    }

    private static long totalSize(List<Inputs.Arg> args) throws IOException {
      long total = 0;
      for (Inputs.Arg a : args) {
        if (Files.isRegularFile(a.path(), LinkOption.NOFOLLOW_LINKS)) {
          total += Files.size(a.path());
        } else {
          return -1; // unknown without walking twice
        }
      }
      return total;
    }
  }

  @Command(name = "unpack", description = "Write the files of a CAR's root (or of --root) out to disk.")
  static final class Unpack implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "Where to write the root.")
    Path output;

    @Option(names = "--root", paramLabel = "CID", description = "Which DAG to unpack (default: the CAR's only root).")
    String root;

    @Override
    public Integer call() throws IOException {
      try (CarBlockSource src = CarBlockSource.open(file)) {
        Cid cid;
        if (root != null) {
          cid = Cid.parse(root);
        } else if (src.roots().size() == 1) {
          cid = src.roots().get(0);
        } else {
          throw new UserException(file + " has " + src.roots().size() + " roots; choose one with --root");
        }
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)
            && !(Files.isDirectory(output) && isEmptyDir(output))) {
          throw new UserException(output + " already exists; choose a new path with -o");
        }
        new TreeExporter(new UnixfsExporter(src)).export(cid, output);
      }
      return 0;
    }

    private static boolean isEmptyDir(Path p) throws IOException {
      try (var s = Files.list(p)) {
        return s.findAny().isEmpty();
      }
    }
  }

}
