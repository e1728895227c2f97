package io.cairn.cli;

import io.cairn.server.node.TreeExporter;
import io.cairn.codec.Cid;
import io.cairn.store.Repo;
import io.cairn.unixfs.UnixfsExporter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn get}: a file or tree out of the repository onto disk. */
@Command(name = "get", description = "Write a file or directory (CID or /ipfs/ path) to disk, restoring mode and mtime when kept.")
final class GetCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", description = "CID[/path], /ipfs/CID[/path] or /ipns/NAME[/path].")
  String path;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Where to write (default: ./<name>).")
  Path output;

  @Override
  public Integer call() throws Exception {
    Path out = output != null ? output : Path.of(Repos.IpfsPath.lastName(path));
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserException(out + " already exists; choose another place with -o");
    }
    try (Repo repo = Repos.open("get")) {
      UnixfsExporter ex = new UnixfsExporter(repo.store());
      Cid cid = Repos.IpfsPath.parse(path, repo).resolve(ex);
      Progress progress = Progress.forBytes("getting", ex.stat(cid).size() > 0 ? ex.stat(cid).size() : -1);
      try {
        new TreeExporter(ex, progress::add).export(cid, out);
      } finally {
        progress.done();
      }
      System.err.println("Saving file(s) to " + out);
    }
    return 0;
  }
}
