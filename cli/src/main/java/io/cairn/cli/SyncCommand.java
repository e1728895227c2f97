package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.sync.Sync;
import io.cairn.server.sync.StableName;
import io.cairn.server.sync.SyncJson;
import io.cairn.server.sync.SyncListener;
import io.cairn.server.sync.SyncRequest;
import io.cairn.server.sync.SyncResult;
import io.cairn.store.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn sync DIR}: brings the stored copy of a directory tree up to date, reading only
 * what changed since the last sync of the same name, and pins the new root as a new version;
 * {@code cairn sync ls [NAME]} lists the kept versions. Through a running daemon's API when
 * there is one (the daemon reads the directory), printing the same.
 */
@Command(name = "sync", description = "Bring the stored copy of a directory up to date, reading only what changed; "
    + "prints the new root (the CID 'add -r' gives). 'cairn sync ls [NAME]' lists versions.",
    subcommands = {SyncCommand.Ls.class})
final class SyncCommand implements Callable<Integer> {

  @Parameters(paramLabel = "DIR", arity = "0..1", description = "The directory to sync (a directory named 'ls': ./ls).")
  Path dir;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Name the versions are kept under (default: the directory's base name).")
  String name;

  @Option(names = "--keep", paramLabel = "N|all",
      description = "Versions to keep (older ones are unpinned); remembered for later syncs (default all).")
  String keep;

  @Option(names = {"-c", "--checksum"}, description = "Re-read every file, not only those whose size or mtime changed.")
  boolean checksum;

  @Option(names = {"-H", "--hidden"}, description = "Include files whose names start with '.'.")
  boolean hidden;

  @Option(names = "--moved", description = "The tree NAME keeps versions of has moved to DIR: keep its versions "
      + "and IPNS key, and read it afresh from here.")
  boolean moved;

  @Option(names = {"-q", "--quiet"}, description = "Print only the root CID.")
  boolean quiet;

  @Option(names = "--json", description = "Print the result as JSON: {\"Name\",\"Root\",\"Version\",\"Changed\",…}.")
  boolean json;

  @Mixin
  ImportFlags flags;

  @Override
  public Integer call() throws Exception {
    SyncRequest request = request(dir());
    Progress progress = Progress.forBytes("syncing", -1);
    SyncListener listener = new SyncListener() {
      @Override
      public void bytesRead(long n) {
        progress.add(n);
      }
    };
    java.util.Map<String, Object> answer;
    try (Repo repo = Repos.open("sync")) {
      SyncResult result = Sync.run(repo.store(), request, listener);
      answer = SyncJson.result(result);
      StableName.publish(io.cairn.server.node.Names.of(repo.dir(), repo.config()), result, answer);
    } finally {
      progress.done();
    }
    print(new ObjectMapper().valueToTree(answer), System.out);
    return 0;
  }

  private Path dir() {
    if (dir == null) {
      throw new UserException("give the directory to sync (cairn sync DIR), or list versions with 'cairn sync ls'");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserException(dir + " is not a directory; sync takes a directory (use 'cairn add' for a file)");
    }
    return dir.toAbsolutePath().normalize();
  }

  private SyncRequest request(Path abs) {
    try {
      return new SyncRequest(abs, name, flags.toOptions(), hidden, keepValue(), checksum, moved);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  private int keepValue() {
    if (keep == null) {
      return 0;
    }
    if (keep.equals("all")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(keep);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserException("--keep takes a number of versions (1 or more) or 'all', not '" + keep + "'");
  }

  /** Sends the sync to the daemon, which reads the directory itself (same machine), and prints its answer. */
  void remote(RpcClient api, PrintStream out) throws IOException {
    Path abs = dir();
    request(abs); // the same checks as a local sync, before the daemon is asked
    ImportFlags f = flags;
    RpcClient.Params params = new RpcClient.Params().arg(abs.toString()).add("name", name).add("keep", keep)
        .add("checksum", checksum ? true : null).add("hidden", hidden ? true : null).add("moved", moved ? true : null)
        .add("progress", true);
    params.add("profile", f.profile).add("cid-version", f.cidVersion).add("raw-leaves", f.rawLeaves)
        .add("chunker", f.chunker).add("max-file-links", f.maxFileLinks).add("trickle", f.trickle ? true : null)
        .add("inline", f.inline ? true : null).add("inline-limit", f.inlineLimit)
        .add("preserve-mode", f.preserveMode ? true : null).add("preserve-mtime", f.preserveMtime ? true : null)
        .add("hamt-threshold", f.hamtThreshold).add("hamt-estimate", f.hamtEstimate);
    Progress progress = Progress.forBytes("syncing", -1);
    JsonNode result = null;
    try (InputStream in = api.call("sync", params)) {
      Iterator<JsonNode> it = RpcClient.lines(in);
      long shown = 0;
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n.has("Root")) {
          result = n;
        } else if (n.has("Bytes")) {
          progress.add(n.path("Bytes").asLong() - shown);
          shown = n.path("Bytes").asLong();
        }
      }
    } finally {
      progress.done();
    }
    if (result == null) {
      throw new IOException("the daemon's sync answer ended without a result; run 'cairn sync' again");
    }
    print(result, out);
  }

  /** Prints a result ({@link SyncJson#result}) for people, or as JSON, or only the root. */
  void print(JsonNode r, PrintStream out) {
    if (json) {
      out.println(Json.write(r));
    } else if (quiet) {
      out.println(r.path("Root").asText());
    } else {
      out.println("synced " + r.path("Name").asText() + ": version " + r.path("Version").asLong() + " "
          + r.path("Root").asText() + (r.path("Changed").asBoolean() ? "" : " (unchanged)"));
      out.println(String.format(Locale.ROOT, "%,d files (%s): %,d read (%s), %,d unchanged; %,d directories built",
          r.path("Files").asLong(), bytes(r.path("Bytes").asLong()), r.path("FilesRead").asLong(),
          bytes(r.path("BytesRead").asLong()), r.path("Unchanged").asLong(), r.path("DirsBuilt").asLong()));
      if (r.has("Walk")) {
        long listed = r.path("DirsListed").asLong();
        out.println(String.format(Locale.ROOT, "%,d %s listed: %s", listed, listed == 1 ? "directory" : "directories",
            r.path("Walk").asText()));
      }
      for (JsonNode c : r.path("Unpinned")) {
        out.println("unpinned old version " + c.asText());
      }
      if (r.has("Ipns")) {
        out.println("published " + r.path("Ipns").asText() + " (the latest version, under the key '"
            + r.path("Name").asText() + "')");
      }
    }
    out.flush();
    if (r.has("IpnsError")) {
      System.err.println("warning: " + r.path("IpnsError").asText());
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code cairn sync ls [NAME]}: the synced trees, or one tree's kept versions. */
  @Command(name = "ls", description = "List synced trees, or the kept versions of one (newest first).")
  static final class Ls implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "A synced tree's name.")
    String name;

    @Option(names = "--json", description = "Print JSON: {\"Trees\":[…]} or {\"Name\",\"Path\",\"Keep\",\"Versions\":[…]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> answer;
      try (Repo repo = Repos.open("sync ls")) {
        answer = name == null ? SyncJson.trees(repo.store()) : SyncJson.tree(repo.store(), name);
      }
      if (answer == null) {
        throw new UserException("nothing is synced under the name '" + name + "'; see 'cairn sync ls'");
      }
      print(new ObjectMapper().valueToTree(answer), System.out);
      return 0;
    }

    void remote(RpcClient api, PrintStream out) throws IOException {
      RpcClient.Params params = new RpcClient.Params();
      if (name != null) {
        params.arg(name);
      }
      print(api.json("sync/ls", params), out);
    }

    void print(JsonNode a, PrintStream out) {
      if (json) {
        out.println(Json.write(a));
      } else if (a.has("Trees")) {
        for (JsonNode t : a.path("Trees")) {
          out.println(t.path("Name").asText() + "  version " + t.path("Version").asLong() + "  "
              + t.path("Root").asText() + "  " + t.path("Path").asText() + "  (" + t.path("Versions").asLong()
              + " kept)");
        }
      } else {
        for (JsonNode v : a.path("Versions")) {
          out.println(String.format(Locale.ROOT, "%d  %s  %s  %,d files  %s", v.path("Version").asLong(),
              v.path("Root").asText(), time(v.path("Time").asLong()), v.path("Files").asLong(),
              bytes(v.path("Bytes").asLong())));
        }
      }
      out.flush();
    }

    private static String time(long seconds) {
      return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC));
    }
  }
}
