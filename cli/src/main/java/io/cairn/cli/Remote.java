package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.codec.Cid;
import io.cairn.server.node.TreeAdder;
import io.cairn.store.Config;
import io.cairn.store.Repo;
import io.cairn.unixfs.UnixfsExporter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs repository commands through a running daemon's RPC API, as Kubo's CLI does: the
 * daemon holds the repository, so the command becomes an API call and its answer is printed
 * as the local command would print it.
 */
final class Remote {
  private Remote() {}

  /** Picocli's execution: remote when a daemon serves the repository and the command can go there. */
  static int execute(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    Object cmd = leaf.commandSpec().userObject();
    if (usesRepository(cmd) && Repo.exists(Repo.defaultPath())) {
      Optional<RpcClient> client;
      try {
        client = RpcClient.find(Repo.defaultPath());
      } catch (UserException e) {
        throw new CommandLine.ExecutionException(leaf.commandSpec().commandLine(), e.getMessage(), e);
      }
      if (client.isPresent()) {
        try {
          return run(cmd, offline(parsed) ? client.get().offline() : client.get());
        } catch (Exception e) {
          throw new CommandLine.ExecutionException(leaf.commandSpec().commandLine(), String.valueOf(e.getMessage()), e);
        } finally {
          client.get().close();
        }
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** Whether {@code --offline} was given, before the command or after it. */
  private static boolean offline(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult r = parsed; r != null; r = r.hasSubcommand() ? r.subcommand() : null) {
      if (r.hasMatchedOption(Main.OFFLINE)) {
        return true;
      }
    }
    return false;
  }

  private static boolean usesRepository(Object cmd) {
    if (cmd instanceof AddCommand a) {
      return !a.onlyHash;
    }
    return cmd instanceof CatCommand || cmd instanceof GetCommand || cmd instanceof LsCommand
        || cmd instanceof PinCommand.Add || cmd instanceof PinCommand.Ls || cmd instanceof PinCommand.Rm
        || cmd instanceof GcCommand || cmd instanceof RepoCommand.Stat
        || cmd instanceof RepoCommand.Verify || cmd instanceof RepoCommand.Migrate
        || cmd instanceof BlockCommand.Get || cmd instanceof BlockCommand.Put || cmd instanceof BlockCommand.Stat
        || cmd instanceof BlockCommand.Rm || cmd instanceof DagCommand.Export || cmd instanceof DagCommand.Import
        || cmd instanceof DagCommand.Stat || cmd instanceof ConfigCommand || cmd instanceof SyncCommand
        || cmd instanceof SyncCommand.Ls
        || cmd instanceof KeyCommand.Gen || cmd instanceof KeyCommand.Ls
        || cmd instanceof NameCommand.Publish || cmd instanceof NameCommand.Resolve;
  }

  private static int run(Object cmd, RpcClient api) throws Exception {
    PrintStream out = System.out;
    switch (cmd) {
      case AddCommand c -> add(c, api, out);
      case CatCommand c -> {
        for (String p : c.paths) {
          try (InputStream in = api.call("cat", new RpcClient.Params().arg(p).add("offset", c.offset)
              .add("length", c.length))) {
            in.transferTo(out);
          }
        }
      }
      case GetCommand c -> get(c, api);
      case SyncCommand c -> c.remote(api, out);
      case SyncCommand.Ls c -> c.remote(api, out);
      case LsCommand c -> ls(c, api, out);
      case PinCommand.Add c -> pinAdd(c, api, out);
      case PinCommand.Ls c -> pinLs(c, api, out);
      case PinCommand.Rm c -> {
        RpcClient.Params params = new RpcClient.Params();
        c.cids.forEach(params::arg);
        for (JsonNode pin : api.json("pin/rm", params).path("Pins")) {
          out.println("unpinned " + pin.asText());
        }
      }
      case GcCommand c -> gc(c.quiet, c.json, api, out);
      case RepoCommand.Stat c -> {
        JsonNode r = api.json("repo/stat", new RpcClient.Params());
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("NumObjects", "RepoSize", "StorageMax", "RepoPath", "Version")) {
          JsonNode v = r.path(k);
          m.put(k, v.isNumber() ? v.numberValue() : v.asText());
        }
        c.print(m);
      }
      case RepoCommand.Verify c -> verify(api, out);
      case RepoCommand.Migrate c -> throw new UserException("a daemon is using the repository; stop it first, then run 'cairn repo migrate'");
      case BlockCommand.Get c -> {
        try (InputStream in = api.call("block/get", new RpcClient.Params().arg(c.cid))) {
          in.transferTo(out);
        }
      }
      case BlockCommand.Put c -> blockPut(c, api, out);
      case BlockCommand.Stat c -> {
        JsonNode r = api.json("block/stat", new RpcClient.Params().arg(c.cid));
        c.print(r.path("Key").asText(), r.path("Size").asLong());
      }
      case BlockCommand.Rm c -> {
        RpcClient.Params params = new RpcClient.Params().add("force", c.force);
        c.cids.forEach(params::arg);
        Iterator<JsonNode> it = RpcClient.lines(api.call("block/rm", params));
        while (it.hasNext()) {
          JsonNode n = it.next();
          if (!n.path("Error").asText().isEmpty()) {
            throw new UserException(n.path("Error").asText());
          }
          out.println("removed " + n.path("Hash").asText());
        }
      }
      case DagCommand.Export c -> {
        OutputStream o = new BufferedOutputStream(out, 1 << 20);
        try (InputStream in = api.call("dag/export", new RpcClient.Params().arg(c.cid))) {
          in.transferTo(o);
        }
        o.flush();
      }
      case DagCommand.Import c -> dagImport(c, api, out);
      case KeyCommand.Gen c -> c.remote(api);
      case KeyCommand.Ls c -> c.remote(api);
      case NameCommand.Publish c -> c.remote(api);
      case NameCommand.Resolve c -> c.remote(api);
      case DagCommand.Stat c -> {
        JsonNode r = api.json("dag/stat", new RpcClient.Params().arg(c.cid).add("progress", false));
        JsonNode s = r.path("DagStats").path(0);
        c.print(s.path("Cid").path("/").asText(s.path("Cid").asText()), s.path("Size").asLong(),
            s.path("NumBlocks").asLong());
      }
      case ConfigCommand c -> {
        if (c.value != null) {
          throw new UserException("a daemon is using the repository and the API's config is read-only; stop the daemon,"
              + " then run 'cairn config' again");
        }
        if (c.key.equals("show")) {
          try (InputStream in = api.call("config/show", new RpcClient.Params())) {
            out.println(Config.toJson(Config.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
          }
        } else {
          JsonNode v = api.json("config", new RpcClient.Params().arg(c.key)).path("Value");
          out.println(v.isTextual() ? v.asText() : Config.toJson(v));
        }
      }
      default -> throw new IllegalStateException("no remote form for " + cmd.getClass().getSimpleName());
    }
    out.flush();
    return 0;
  }

  /** Prints what the local {@code repo verify} prints: problems on stderr, or the summary. */
  private static void verify(RpcClient api, PrintStream out) throws IOException {
    List<String> problems = new ArrayList<>();
    long blocks = 0;
    try {
      Iterator<JsonNode> it = RpcClient.lines(api.call("repo/verify", new RpcClient.Params()));
      while (it.hasNext()) {
        JsonNode n = it.next();
        String msg = n.path("Msg").asText("");
        if (msg.isEmpty()) {
          blocks = Math.max(blocks, n.path("Progress").asLong());
        } else if (!msg.startsWith("verify complete")) {
          problems.add(msg);
        }
      }
    } catch (UserException e) {
      if (problems.isEmpty()) {
        throw e;
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      throw new UserException("repository damaged: " + problems.size() + " problems (listed above)");
    }
    long pins = 0;
    for (String type : List.of("recursive", "direct")) {
      pins += api.json("pin/ls", new RpcClient.Params().add("type", type)).path("Keys").size();
    }
    out.println("verified " + blocks + " blocks and " + pins + " pins: all good");
  }

  private static void ls(LsCommand c, RpcClient api, PrintStream out) throws IOException {
    JsonNode r = api.json("ls", new RpcClient.Params().arg(c.path).add("resolve-type", true).add("size", true));
    JsonNode obj = r.path("Objects").path(0);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode l : obj.path("Links")) {
      boolean dir = l.path("Type").asInt() == 1;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Name", l.path("Name").asText());
      row.put("Hash", l.path("Hash").asText());
      row.put("Size", l.path("Size").asLong());
      row.put("Type", l.path("Type").asInt());
      rows.add(row);
      if (!c.json) {
        out.println(l.path("Hash").asText() + " " + (dir ? "-" : l.path("Size").asLong()) + " "
            + l.path("Name").asText() + (dir ? "/" : ""));
      }
    }
    if (c.json) {
      out.println(Json.write(Map.of("Objects", List.of(Map.of("Hash", obj.path("Hash").asText(), "Links", rows)))));
    }
  }

  private static void pinLs(PinCommand.Ls c, RpcClient api, PrintStream out) throws IOException {
    RpcClient.Params params = new RpcClient.Params().add("type", c.type).add("names", true);
    c.cids.forEach(params::arg);
    JsonNode keys = api.json("pin/ls", params).path("Keys");
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    keys.properties().forEach(e -> {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("Type", e.getValue().path("Type").asText());
      entry.put("Name", e.getValue().path("Name").asText(""));
      m.put(e.getKey(), entry);
    });
    c.print(m);
  }

  private static void gc(boolean quiet, boolean json, RpcClient api, PrintStream out) throws IOException {
    Iterator<JsonNode> it = RpcClient.lines(api.call("repo/gc", new RpcClient.Params()));
    long removed = 0;
    while (it.hasNext()) {
      JsonNode n = it.next();
      if (!n.path("Error").asText().isEmpty()) {
        throw new UserException(n.path("Error").asText());
      }
      String cid = n.path("Key").path("/").asText();
      removed++;
      if (json) {
        out.println(Json.write(Map.of("Key", Map.of("/", cid))));
      } else if (!quiet) {
        out.println("removed " + cid);
      }
    }
    System.err.println("removed " + removed + " blocks");
  }

  /**
   * {@code pin add}: on a terminal, with the daemon's progress stream (blocks, bytes and
   * providers of the fetch, as it goes); the answer printed as the local command prints it.
   */
  private static void pinAdd(PinCommand.Add c, RpcClient api, PrintStream out) throws IOException {
    for (String p : c.paths) {
      Progress progress = Progress.forBytes("pinning", -1);
      RpcClient.Params params = new RpcClient.Params().arg(p).add("recursive", c.recursive).add("name", c.name);
      JsonNode pins = null;
      try (InputStream in = api.call("pin/add", params.add("progress", progress.shown()))) {
        for (Iterator<JsonNode> lines = RpcClient.lines(in); lines.hasNext(); ) {
          JsonNode line = lines.next();
          if (line.has("Pins")) {
            pins = line.path("Pins");
          } else if (line.has("Providers")) {
            progress.detail(FetchStatus.describe(line.path("Progress").asLong(), line.path("Providers").asLong()));
            progress.set(line.path("Bytes").asLong());
          }
        }
      } finally {
        progress.done();
      }
      if (pins == null) {
        throw new UserException("the daemon's answer to pin add named no pin");
      }
      for (JsonNode pin : pins) {
        out.println("pinned " + pin.asText() + " " + (c.recursive ? "recursively" : "directly"));
      }
    }
  }

  /**
   * {@code get}: a daemon on this machine running as this user writes the files itself
   * ({@code get/write}: no tar through the API); any other daemon sends one streamed {@code get},
   * whose tar is written out as the local command writes the DAG. Either way the daemon fetches
   * what it lacks while it writes (a background DAG fetch). {@code -Dcairn.get.stream=true} (or
   * {@code CAIRN_GET_STREAM=1}) always takes the tar.
   */
  private static void get(GetCommand c, RpcClient api) throws IOException {
    String name = Repos.IpfsPath.lastName(c.path);
    Path out = c.output != null ? c.output : Path.of(name);
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserException(out + " already exists; choose another place with -o");
    }
    boolean stream = Boolean.getBoolean("cairn.get.stream") || System.getenv("CAIRN_GET_STREAM") != null;
    if (api.sameUserHere() && !stream) {
      getWrittenByDaemon(c.path, out.toAbsolutePath(), api);
    } else {
      getAsTar(c.path, name, out, api);
    }
    System.err.println("Saving file(s) to " + out);
  }

  private static void getWrittenByDaemon(String path, Path out, RpcClient api) throws IOException {
    Progress progress = Progress.forBytes("getting", -1);
    String written = null;
    try (RpcClient.Body body = api.call("get/write", new RpcClient.Params().arg(path).add("to", out));
        FetchStatus status = FetchStatus.start(api, progress)) {
      for (Iterator<JsonNode> it = RpcClient.lines(body); it.hasNext(); ) {
        JsonNode n = it.next();
        if (n.has("Path")) {
          written = n.path("Path").asText();
        } else if (n.has("Size")) {
          progress.total(n.path("Size").asLong() > 0 ? n.path("Size").asLong() : -1);
        }
        if (n.has("Bytes")) {
          progress.set(n.path("Bytes").asLong());
        }
      }
    } finally {
      progress.done();
    }
    if (written == null || !Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserException("the daemon wrote " + (written != null ? written : out) + " but it is not there from "
          + "here (does the daemon see another filesystem?); set CAIRN_GET_STREAM=1 to receive the files through "
          + "the API instead");
    }
  }

  private static void getAsTar(String path, String name, Path out, RpcClient api) throws IOException {
    try (RpcClient.Body tar = api.call("get", new RpcClient.Params().arg(path))) {
      long size = tar.header("X-Content-Length").map(Long::parseLong).orElse(-1L);
      Progress progress = Progress.forBytes("getting", size > 0 ? size : -1);
      try (FetchStatus status = FetchStatus.start(api, progress)) {
        new TarExtractor(progress::add).extract(tar, name, out);
      } finally {
        progress.done();
      }
    }
  }

  private static void blockPut(BlockCommand.Put c, RpcClient api, PrintStream out) throws IOException {
    List<Path> files = c.files.isEmpty() ? List.of(Path.of("-")) : c.files;
    for (Path f : files) {
      Multipart body = new Multipart(parts -> {
        try (InputStream in = f.toString().equals("-") ? System.in : Files.newInputStream(f)) {
          parts.part("file", "", "application/octet-stream", in);
        }
      });
      JsonNode r;
      try (InputStream in = api.upload("block/put", new RpcClient.Params().add("cid-codec", c.codec)
          .add("mhtype", c.mhtype), body)) {
        r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      } catch (IOException | UserException e) {
        if (body.failure() != null) {
          throw body.failure();
        }
        throw e;
      }
      out.println(r.path("Key").asText());
    }
  }

  private static void dagImport(DagCommand.Import c, RpcClient api, PrintStream out) throws IOException {
    Multipart body = new Multipart(parts -> {
      for (String f : c.files) {
        try (InputStream in = f.equals("-") ? System.in : Files.newInputStream(Path.of(f))) {
          parts.part("file", "", "application/octet-stream", in);
        }
      }
    });
    try (InputStream in = api.upload("dag/import", new RpcClient.Params().add("pin-roots", c.pinRoots)
        .add("stats", c.stats), body)) {
      Iterator<JsonNode> it = RpcClient.lines(in);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n.has("Root")) {
          String root = n.path("Root").path("Cid").path("/").asText();
          String err = n.path("Root").path("PinErrorMsg").asText("");
          if (err.isEmpty()) {
            out.println("pinned root " + root + " success");
          } else {
            System.err.println("not pinning root " + root + ": " + err);
          }
        } else if (n.has("Stats")) {
          out.println("imported " + n.path("Stats").path("BlockCount").asLong() + " blocks ("
              + n.path("Stats").path("BlockBytesCount").asLong() + " bytes)");
        }
      }
    } catch (IOException | UserException e) {
      if (body.failure() != null) {
        throw body.failure();
      }
      throw e;
    }
  }

  // ---- add: the files go up as multipart parts, in the order Kubo's CLI sends them ----

  private static void add(AddCommand c, RpcClient api, PrintStream out) throws IOException {
    Progress progress = Progress.forBytes("adding", -1);
    RpcClient.Params params = new RpcClient.Params()
        .add("pin", c.pin).add("pin-name", c.pinName).add("wrap-with-directory", c.wrap ? true : null)
        .add("progress", false);
    ImportFlags f = c.flags;
    params.add("profile", f.profile).add("cid-version", f.cidVersion).add("raw-leaves", f.rawLeaves)
        .add("chunker", f.chunker).add("max-file-links", f.maxFileLinks).add("trickle", f.trickle ? true : null)
        .add("inline", f.inline ? true : null).add("inline-limit", f.inlineLimit)
        .add("preserve-mode", f.preserveMode ? true : null).add("preserve-mtime", f.preserveMtime ? true : null)
        .add("hamt-threshold", f.hamtThreshold).add("hamt-estimate", f.hamtEstimate);
    boolean stdin = c.paths.isEmpty() || (c.paths.size() == 1 && c.paths.get(0).toString().equals("-"));
    Multipart body = new Multipart(parts -> {
      int[] index = {0};
      if (stdin) {
        parts.part("file", "", "application/octet-stream", new Progress.Counting(System.in, progress));
        return;
      }
      for (Inputs.Arg arg : Inputs.sortedArgs(c.paths)) {
        BasicFileAttributes attrs = Files.readAttributes(arg.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isDirectory() && !c.recursive) {
          throw new UserException(arg.path() + " is a directory, use the '-r' flag to add it");
        }
        upload(parts, arg.path(), arg.name(), attrs, c, index, progress);
      }
    });
    String last = null;
    try (InputStream in = api.upload("add", params, body)) {
      Iterator<JsonNode> it = RpcClient.lines(in);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (!n.has("Hash")) {
          continue; // a progress object
        }
        String name = n.path("Name").asText();
        last = n.path("Hash").asText();
        if (c.json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Name", name);
          m.put("Hash", last);
          m.put("Size", n.path("Size").asText());
          out.println(Json.write(m));
        } else if (!c.quieter) {
          progress.clearLine();
          out.println(c.quiet ? last : "added " + last + " " + name);
        }
      }
    } catch (IOException | UserException | java.io.UncheckedIOException e) {
      if (body.failure() != null) {
        throw body.failure();
      }
      throw e;
    } finally {
      progress.done();
    }
    if (body.failure() != null) {
      throw body.failure();
    }
    if (c.quieter && !c.json && last != null) {
      out.println(last);
    }
  }

  private static void upload(Multipart.Writer parts, Path path, String name, BasicFileAttributes attrs, AddCommand c,
      int[] index, Progress progress) throws IOException {
    String field = (attrs.isDirectory() ? "dir" : "file") + (index[0] == 0 ? "" : "-" + index[0]);
    index[0]++;
    String query = metadataQuery(path, attrs, c.flags);
    String filename = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    if (attrs.isSymbolicLink()) {
      byte[] target = Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8);
      parts.part(field + query, filename, "application/symlink", new java.io.ByteArrayInputStream(target));
    } else if (attrs.isDirectory()) {
      parts.part(field + query, filename, "application/x-directory", null);
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
        for (Path child : ds) {
          if (c.hidden || !child.getFileName().toString().startsWith(".")) {
            children.add(child);
          }
        }
      }
      children.sort((a, b) -> Arrays.compareUnsigned(a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
          b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
      for (Path child : children) {
        BasicFileAttributes ca = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        upload(parts, child, name + "/" + child.getFileName(), ca, c, index, progress);
      }
    } else if (attrs.isRegularFile()) {
      try (InputStream in = new Progress.Counting(Files.newInputStream(path), progress)) {
        parts.part(field + query, filename, "application/octet-stream", in);
      }
    } else {
      throw new UserException(path + " is not a regular file, directory or symlink; remove it or skip it");
    }
  }

  /** Kubo's per-part metadata: {@code ?mode=0644&mtime=S&mtime-nsecs=N} on the field name. */
  private static String metadataQuery(Path path, BasicFileAttributes attrs, ImportFlags flags) throws IOException {
    List<String> q = new ArrayList<>();
    if (flags.preserveMode && !attrs.isSymbolicLink()) {
      int mode = TreeAdder.unixMode(path);
      if (mode >= 0) {
        q.add("mode=0" + Integer.toOctalString(mode));
      }
    }
    if (flags.preserveMtime) {
      java.time.Instant t = attrs.lastModifiedTime().toInstant();
      q.add("mtime=" + t.getEpochSecond());
      if (t.getNano() != 0) {
        q.add("mtime-nsecs=" + t.getNano());
      }
    }
    return q.isEmpty() ? "" : "?" + String.join("&", q);
  }
}
