package io.cairn.cli;

import io.cairn.codec.BlockSink;
import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn add}: import files and trees as UnixFS, printing {@code added <cid> <name>}. */
@Command(name = "add", description = "Add files and directories as UnixFS DAGs and print their CIDs.")
final class AddCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to add.")
  List<Path> paths;

  @Option(names = {"-r", "--recursive"}, description = "Add directories recursively.")
  boolean recursive;

  @Option(names = {"-n", "--only-hash"}, description = "Only compute CIDs; store nothing.")
  boolean onlyHash;

  @Option(names = {"-q", "--quiet"}, description = "Print only the CIDs.")
  boolean quiet;

  @Option(names = {"-Q", "--quieter"}, description = "Print only the final root CID.")
  boolean quieter;

  @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap the added paths in a directory.")
  boolean wrap;

  @Option(names = {"-H", "--hidden"}, description = "Include files whose names start with '.'.")
  boolean hidden;

  @Mixin
  ImportFlags flags;

  @Override
  public Integer call() throws Exception {
    if (!onlyHash) {
      throw new UserException("this build cannot store blocks yet (no repository); use 'cairn add -n' to compute CIDs,"
          + " or 'cairn car pack' to write them to a CAR file");
    }
    PrintStream out = System.out;
    ImportedNode last = null;
    try (UnixfsImporter importer = new UnixfsImporter(flags.toOptions(), BlockSink.DISCARD)) {
      TreeAdder adder = new TreeAdder(importer, hidden, (name, node, dir) -> {
        if (!quieter) {
          out.println(quiet ? node.cid().toString() : "added " + node.cid() + " " + name);
        }
      });
      List<DirectoryEntry> wrapped = new ArrayList<>();
      for (Path p : paths) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new UserException(p + ": no such file or directory");
        }
        String name = baseName(p);
        last = adder.add(p, name, recursive);
        wrapped.add(new DirectoryEntry(name, last));
      }
      if (wrap) {
        last = importer.directory(wrapped, Metadata.NONE);
        if (!quieter) {
          out.println(quiet ? last.cid().toString() : "added " + last.cid() + " ");
        }
      }
    }
    if (quieter && last != null) {
      out.println(last.cid());
    }
    out.flush();
    return 0;
  }

  static String baseName(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path fn = abs.getFileName();
    return fn == null ? "" : fn.toString();
  }
}
