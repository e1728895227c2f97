package io.cairn.cli;

import io.cairn.codec.BlockSink;
import io.cairn.server.node.TreeAdder;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Repo;
import io.cairn.store.Store;
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
@Command(name = "add", description = "Add files and directories to the repository (pinned) and print their CIDs.")
final class AddCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Files or directories to add; none (or '-') reads standard input.")
  List<Path> paths = new ArrayList<>();

  @Option(names = {"-r", "--recursive"}, description = "Add directories recursively.")
  boolean recursive;

  @Option(names = {"-n", "--only-hash"}, description = "Only compute CIDs; store nothing.")
  boolean onlyHash;

  @Option(names = "--pin", arity = "1", defaultValue = "true", paramLabel = "BOOL",
      description = "Pin what is added (default true).")
  boolean pin;

  @Option(names = "--pin-name", paramLabel = "NAME", description = "Name for the pin.")
  String pinName;

  @Option(names = {"-q", "--quiet"}, description = "Print only the CIDs.")
  boolean quiet;

  @Option(names = {"-Q", "--quieter"}, description = "Print only the final root CID.")
  boolean quieter;

  @Option(names = "--json", description = "One JSON object per added entry, as Kubo's --enc=json: {\"Name\",\"Hash\",\"Size\"}.")
  boolean json;

  @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap the added paths in a directory.")
  boolean wrap;

  @Option(names = {"-H", "--hidden"}, description = "Include files whose names start with '.'.")
  boolean hidden;

  @Mixin
  ImportFlags flags;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Progress progress = Progress.forBytes("adding", -1);
    TreeAdder.Listener printer = new TreeAdder.Listener() {
      @Override
      public void added(String name, ImportedNode node) {
        if (json) {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("Name", name);
          m.put("Hash", node.cid().toString());
          m.put("Size", Long.toString(node.tsize()));
          out.println(Json.write(m));
        } else if (!quieter) {
          progress.clearLine();
          out.println(quiet ? node.cid().toString() : "added " + node.cid() + " " + name);
        }
      }

      @Override
      public void bytesRead(long n) {
        progress.add(n);
      }
    };
    List<ImportedNode> roots = new ArrayList<>();
    if (onlyHash) {
      try (UnixfsImporter importer = new UnixfsImporter(flags.toOptions(), BlockSink.DISCARD)) {
        addAll(importer, printer, roots);
      } finally {
        progress.done();
      }
    } else {
      // Blocks stream into the store as they are made; the pins are written last, in the
      // same synced batch as the final blocks, so a crash leaves no pin without its blocks.
      try (Repo repo = Repos.open("add");
          Store.Batch batch = repo.store().batch();
          UnixfsImporter importer = new UnixfsImporter(flags.toOptions(), batch)) {
        addAll(importer, printer, roots);
        List<Pin> pins = new ArrayList<>();
        if (pin) {
          for (ImportedNode r : roots) {
            pins.add(new Pin(r.cid(), PinMode.RECURSIVE, pinName));
          }
        }
        batch.commit(pins);
      } finally {
        progress.done();
      }
    }
    if (quieter && !json && !roots.isEmpty()) {
      out.println(roots.get(roots.size() - 1).cid());
    }
    out.flush();
    return 0;
  }

  /** Adds the arguments (or stdin), collecting the roots: each argument's, or the wrapper with -w. */
  private void addAll(UnixfsImporter importer, TreeAdder.Listener printer, List<ImportedNode> roots)
      throws IOException {
    if (paths.isEmpty() || (paths.size() == 1 && paths.get(0).toString().equals("-"))) {
      ImportedNode node = importer.file(System.in, Metadata.NONE);
      printer.added(wrap ? "" : node.cid().toString(), node);
      roots.add(wrap ? wrapOne(importer, printer, node) : node);
      return;
    }
    List<Inputs.Arg> args = Inputs.sortedArgs(paths);
    TreeAdder adder = new TreeAdder(importer, hidden, printer);
    List<DirectoryEntry> wrapped = new ArrayList<>();
    List<TreeAdder.Result> results = new ArrayList<>();
    for (Inputs.Arg arg : args) {
      TreeAdder.Result r = adder.add(arg.path(), arg.name(), recursive);
      if (wrap) {
        results.add(r); // Kubo reports every argument's directories after all files
      } else {
        r.reportDirs(printer);
      }
      wrapped.add(new DirectoryEntry(arg.name(), r.node()));
      if (!wrap) {
        roots.add(r.node());
      }
    }
    if (!wrap) {
      return;
    }
    for (TreeAdder.Result r : results) {
      r.reportDirs(printer);
    }
    ImportedNode wrapper = importer.directory(wrapped, Metadata.NONE);
    printer.added("", wrapper);
    roots.add(wrapper);
  }

  private static ImportedNode wrapOne(UnixfsImporter importer, TreeAdder.Listener printer, ImportedNode node)
      throws IOException {
    ImportedNode wrapper = importer.directory(List.of(new DirectoryEntry(node.cid().toString(), node)), Metadata.NONE);
    printer.added("", wrapper);
    return wrapper;
  }
}
