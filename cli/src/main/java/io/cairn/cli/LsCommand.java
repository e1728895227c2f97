package io.cairn.cli;

import io.cairn.codec.Cid;
import io.cairn.store.Repo;
import io.cairn.unixfs.DirectoryLink;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn ls}: a directory's entries as {@code <cid> <size> <name>}. */
@Command(name = "ls", description = "List a directory's entries: CID, size, name (directories end in '/').")
final class LsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", description = "CID[/path], /ipfs/CID[/path] or /ipns/NAME[/path].")
  String path;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Repo repo = Repos.open("ls")) {
      UnixfsExporter ex = new UnixfsExporter(repo.store());
      Cid cid = Repos.IpfsPath.parse(path, repo).resolve(ex);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (DirectoryLink l : ex.list(cid)) {
        UnixfsEntry e = ex.stat(l.cid());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Name", l.name());
        row.put("Hash", l.cid().toString());
        row.put("Size", e.size());
        row.put("Type", e.kind().isDirectory() ? 1 : e.kind() == UnixfsEntry.Kind.SYMLINK ? 4 : 2);
        rows.add(row);
        if (!json) {
          System.out.println(l.cid() + " " + (e.kind().isDirectory() ? "-" : e.size()) + " " + l.name()
              + (e.kind().isDirectory() ? "/" : ""));
        }
      }
      if (json) {
        System.out.println(Json.write(Map.of("Objects", List.of(Map.of("Hash", cid.toString(), "Links", rows)))));
      }
    }
    return 0;
  }
}
