package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.store.Repo;
import io.cairn.unixfs.UnixfsExporter;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn cat}: a file's bytes to standard output. */
@Command(name = "cat", description = "Write the bytes of files (CID or /ipfs/ path) to standard output.")
final class CatCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", arity = "1..*", description = "CID[/path], /ipfs/CID[/path] or /ipns/NAME[/path].")
  List<String> paths;

  @Option(names = {"-o", "--offset"}, paramLabel = "N", description = "Byte offset to start at.")
  long offset;

  @Option(names = {"-l", "--length"}, paramLabel = "N", description = "Most bytes to write.")
  Long length;

  @Override
  public Integer call() throws Exception {
    if (offset < 0 || (length != null && length < 0)) {
      throw new UserException("--offset and --length must not be negative");
    }
    try (Repo repo = Repos.open("cat")) {
      UnixfsExporter ex = new UnixfsExporter(repo.store());
      OutputStream out = System.out;
      for (String p : paths) {
        Cid cid = Repos.IpfsPath.parse(p, repo).resolve(ex);
        try (InputStream in = ex.open(cid, offset, length == null ? Long.MAX_VALUE : length)) {
          in.transferTo(out);
        }
      }
      out.flush();
    }
    return 0;
  }
}
