package io.cairn.cli;

import io.cairn.codec.BlockSink;
import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn add}: import files and trees as UnixFS, printing {@code added <cid> <name>}
 * lines in Kubo's order.
 */
@Command(name = "add", description = "Add files and directories as UnixFS DAGs and print their CIDs.")
final class AddCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Files or directories to add; none (or '-') reads standard input.")
  List<Path> paths = new ArrayList<>();

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
    Progress progress = Progress.forBytes("adding", -1);
    TreeAdder.Listener printer = new TreeAdder.Listener() {
      @Override
      public void added(String name, ImportedNode node) {
        if (!quieter) {
          progress.clearLine();
          out.println(quiet ? node.cid().toString() : "added " + node.cid() + " " + name);
        }
      }

      @Override
      public void bytesRead(long n) {
        progress.add(n);
      }
    };
    ImportedNode root;
    try (UnixfsImporter importer = new UnixfsImporter(flags.toOptions(), BlockSink.DISCARD)) {
      root = addAll(importer, printer);
    } finally {
      progress.done();
    }
    if (quieter) {
      out.println(root.cid());
    }
    out.flush();
    return 0;
  }

  /** Adds the arguments (or stdin) and returns the last root, the wrapper's with -w. */
  private ImportedNode addAll(UnixfsImporter importer, TreeAdder.Listener printer) throws IOException {
    if (paths.isEmpty() || (paths.size() == 1 && paths.get(0).toString().equals("-"))) {
      ImportedNode node = importer.file(System.in, Metadata.NONE);
      printer.added(wrap ? "" : node.cid().toString(), node);
      return wrap ? wrapOne(importer, printer, node) : node;
    }
    List<Inputs.Arg> args = Inputs.sortedArgs(paths);
    TreeAdder adder = new TreeAdder(importer, hidden, printer);
    List<DirectoryEntry> wrapped = new ArrayList<>();
    List<TreeAdder.Result> results = new ArrayList<>();
    ImportedNode last = null;
    for (Inputs.Arg arg : args) {
      TreeAdder.Result r = adder.add(arg.path(), arg.name(), recursive);
      if (wrap) {
        results.add(r); // Kubo reports every argument's directories after all files
      } else {
        r.reportDirs(printer);
      }
      wrapped.add(new DirectoryEntry(arg.name(), r.node()));
      last = r.node();
    }
    if (!wrap) {
      return last;
    }
    for (TreeAdder.Result r : results) {
      r.reportDirs(printer);
    }
    ImportedNode wrapper = importer.directory(wrapped, Metadata.NONE);
    printer.added("", wrapper);
    return wrapper;
  }

  private static ImportedNode wrapOne(UnixfsImporter importer, TreeAdder.Listener printer, ImportedNode node)
      throws IOException {
    ImportedNode wrapper = importer.directory(List.of(new DirectoryEntry(node.cid().toString(), node)), Metadata.NONE);
    printer.added("", wrapper);
    return wrapper;
  }
}
