package io.cairn.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.cluster.ClusterSettings;
import io.cairn.codec.Cid;
import io.cairn.store.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn cluster …}: set a repository up as a cluster peer ({@code init}, {@code join}),
 * then drive the running peer through its REST API ({@code peers}, {@code pin}, {@code status},
 * {@code allocations}, {@code history}, {@code recover}, {@code state}).
 */
@Command(name = "cluster", description = "Keep pins on several Cairn nodes (a cluster on Raft).",
    subcommands = {ClusterCommand.Init.class, ClusterCommand.Join.class, ClusterCommand.Peers.class,
        ClusterCommand.PinCmd.class, ClusterCommand.Status.class, ClusterCommand.Allocations.class,
        ClusterCommand.History.class, ClusterCommand.Recover.class, ClusterCommand.State.class})
final class ClusterCommand {

  private static Cid cid(String text) {
    try {
      return Cid.parse(text);
    } catch (io.cairn.codec.MalformedDataException e) {
      throw new UserException("'" + text + "' is not a CID: " + e.getMessage());
    }
  }

  private static void writeSection(Repo repo, ObjectNode section) throws IOException {
    repo.config().set(ClusterSettings.SECTION, section);
    repo.saveConfig();
  }

  @Command(name = "init", description = "Make this repository the first peer of a new cluster (restart the daemon after).")
  static final class Init implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Option(names = "--raft-port", defaultValue = "9096", description = "This peer's Raft port (default 9096).")
    int raftPort;

    @Option(names = "--api-port", defaultValue = "9094", description = "This peer's REST API port (default 9094).")
    int apiPort;

    @Option(names = "--json", description = "Print {\"name\",\"peer_id\",\"secret\",\"join\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Repo repo = Repos.open("cluster init")) {
        if (repo.config().get(ClusterSettings.SECTION).filter(n -> !n.isNull()).isPresent()) {
          throw new UserException("this repository is already a cluster peer (config section Cluster); remove it with"
              + " 'cairn config --json Cluster null' first to start another cluster");
        }
        ObjectNode section = ClusterSettings.fresh(name, repo.config().peerId(), raftPort, apiPort);
        writeSection(repo, section);
        String join = "127.0.0.1:" + apiPort;
        if (json) {
          System.out.println(Json.write(Map.of("name", name, "peer_id", repo.config().peerId(),
              "secret", section.get("Secret").asText(), "join", join)));
        } else {
          System.out.println("Cluster '" + name + "' set up; this peer is " + repo.config().peerId());
          System.out.println("Secret (every peer needs it; keep it private): " + section.get("Secret").asText());
          System.out.println("Start it with 'cairn daemon'. Other repositories join with:");
          System.out.println("  cairn cluster join " + join + " --secret " + section.get("Secret").asText());
        }
      }
      return 0;
    }
  }

  @Command(name = "join", description = "Make this repository a peer of the cluster whose peer's API is at ADDR; it joins when 'cairn daemon' starts.")
  static final class Join implements Callable<Integer> {
    @Parameters(paramLabel = "ADDR", description = "A running peer's REST API, host:port.")
    String addr;

    @Option(names = "--secret", required = true, description = "The cluster's secret.")
    String secret;

    @Option(names = "--raft-port", defaultValue = "9096", description = "This peer's Raft port (default 9096).")
    int raftPort;

    @Option(names = "--api-port", defaultValue = "9094", description = "This peer's REST API port (default 9094).")
    int apiPort;

    @Override
    public Integer call() throws Exception {
      String base = addr.startsWith("http") ? addr : "http://" + addr;
      JsonNode id;
      try (ClusterClient c = new ClusterClient(base, secret)) {
        id = c.get("/id");
      } catch (ClusterClient.Unauthorized e) {
        throw new UserException(addr + " refused the secret: use the one 'cairn cluster init' printed on the"
            + " cluster's first peer (its config's Cluster.Secret); nothing was written");
      }
      String name = id.path("cluster_name").asText("");
      if (name.isEmpty()) {
        throw new UserException(addr + " did not say its cluster's name: is it a Cairn cluster peer?");
      }
      try (Repo repo = Repos.open("cluster join")) {
        ObjectNode section = ClusterSettings.fresh(name, repo.config().peerId(), raftPort, apiPort);
        section.put("Secret", secret);
        section.put("Join", addr);
        writeSection(repo, section);
        System.out.println("This repository (" + repo.config().peerId() + ") will join cluster '" + name + "' through "
            + addr + " when 'cairn daemon' starts");
      }
      return 0;
    }
  }

  @Command(name = "peers", description = "List or remove the cluster's peers.",
      subcommands = {Peers.Ls.class, Peers.Rm.class})
  static final class Peers {
    @Command(name = "ls", description = "List the peers.")
    static final class Ls implements Callable<Integer> {
      @Option(names = "--json", description = "Print IPFS Cluster's ID objects, one per line.")
      boolean json;

      @Override
      public Integer call() throws Exception {
        for (JsonNode p : ClusterClient.local(c -> c.lines("GET", "/peers"))) {
          System.out.println(json ? p.toString() : p.path("id").asText() + " " + p.path("addresses"));
        }
        return 0;
      }
    }

    @Command(name = "rm", description = "Remove a peer from the cluster (its pins move to others).")
    static final class Rm implements Callable<Integer> {
      @Parameters(paramLabel = "PEER")
      String peer;

      @Override
      public Integer call() throws Exception {
        ClusterClient.local(c -> c.delete("/peers/" + peer));
        System.out.println("removed " + peer);
        return 0;
      }
    }
  }

  @Command(name = "pin", description = "Pin in the cluster, unpin, list the pinset.",
      subcommands = {PinCmd.Add.class, PinCmd.Rm.class, PinCmd.Ls.class})
  static final class PinCmd {
    @Command(name = "add", description = "Pin CID in the cluster (allocated to replication-min..max peers).")
    static final class Add implements Callable<Integer> {
      @Parameters(paramLabel = "CID")
      String cid;

      @Option(names = {"-n", "--name"}, description = "A name for the pin.")
      String name;

      @Option(names = "--replication-min", description = "At least this many peers (-1: every peer).")
      Integer min;

      @Option(names = "--replication-max", description = "At most this many peers (-1: every peer).")
      Integer max;

      @Option(names = {"-r", "--replication"}, description = "Both min and max.")
      Integer both;

      @Option(names = "--mode", description = "recursive (default) or direct.")
      String mode;

      @Option(names = "--allocations", split = ",", description = "Peers to try first.")
      List<String> allocations;

      @Option(names = "--expire-in", description = "Unpin after this long (Go duration, e.g. 24h).")
      String expireIn;

      @Option(names = "--json", description = "Print IPFS Cluster's Pin object.")
      boolean json;

      @Override
      public Integer call() throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("name", name);
        q.put("replication", both == null ? null : both.toString());
        q.put("replication-min", min == null ? null : min.toString());
        q.put("replication-max", max == null ? null : max.toString());
        q.put("mode", mode);
        q.put("user-allocations", allocations == null ? null : String.join(",", allocations));
        q.put("expire-in", expireIn);
        JsonNode pin = ClusterClient.local(c -> c.post("/pins/" + cid(cid) + ClusterClient.query(q)));
        System.out.println(json ? pin.toString() : "pinned " + pin.path("cid").asText() + " on " + pin.path("allocations"));
        return 0;
      }
    }

    @Command(name = "rm", description = "Unpin CID from the cluster (each holder unpins it).")
    static final class Rm implements Callable<Integer> {
      @Parameters(paramLabel = "CID")
      String cid;

      @Override
      public Integer call() throws Exception {
        ClusterClient.local(c -> c.delete("/pins/" + cid(cid)));
        System.out.println("unpinned " + cid);
        return 0;
      }
    }

    @Command(name = "ls", description = "List the cluster's pinset with allocations.")
    static final class Ls implements Callable<Integer> {
      @Option(names = "--json", description = "Print IPFS Cluster's Pin objects, one per line.")
      boolean json;

      @Override
      public Integer call() throws Exception {
        for (JsonNode p : ClusterClient.local(c -> c.lines("GET", "/allocations"))) {
          System.out.println(json ? p.toString() : pinLine(p));
        }
        return 0;
      }
    }
  }

  static String pinLine(JsonNode p) {
    String name = p.path("name").asText("");
    return p.path("cid").asText() + (name.isEmpty() ? "" : " " + name) + " | rpl " + p.path("replication_factor_min")
        + ".." + p.path("replication_factor_max") + " | " + p.path("mode").asText() + " | on " + p.path("allocations");
  }

  @Command(name = "status", description = "Where pins stand on each peer; with --at, who held what at that time.")
  static final class Status implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "0..1")
    String cid;

    @Option(names = "--at", paramLabel = "TIME", description = "An RFC 3339 time, e.g. 2026-11-17T09:00:00Z.")
    String at;

    @Option(names = "--filter", description = "Only pins with a peer in these states (e.g. pin_error,pinning).")
    String filter;

    @Option(names = "--local", description = "This peer's view only.")
    boolean local;

    @Option(names = "--json", description = "Print IPFS Cluster's GlobalPinInfo objects, one per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (ClusterClient c = ClusterClient.local()) {
        return call(c);
      }
    }

    private Integer call(ClusterClient c) throws Exception {
      if (at != null) {
        printHoldings(c);
        return 0;
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("local", local ? "true" : null);
      q.put("filter", filter);
      List<JsonNode> statuses = cid == null ? c.lines("GET", "/pins" + ClusterClient.query(q))
          : List.of(c.get("/pins/" + cid(cid) + ClusterClient.query(q)));
      for (JsonNode s : statuses) {
        if (json) {
          System.out.println(s);
          continue;
        }
        System.out.println(s.path("cid").asText() + (s.path("name").asText("").isEmpty() ? "" : " " + s.path("name").asText()) + ":");
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("peer_map").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode p = e.getValue();
          StringBuilder line = new StringBuilder("    > " + e.getKey() + " : " + p.path("status").asText().toUpperCase()
              + " | " + p.path("timestamp").asText());
          if (p.path("attempt_count").asInt() > 0) {
            line.append(" | attempts ").append(p.path("attempt_count").asInt());
          }
          if (p.path("bytes_fetched").asLong() > 0) {
            line.append(" | ").append(p.path("bytes_fetched").asLong()).append(" bytes fetched");
          }
          if (!p.path("error").asText("").isEmpty()) {
            line.append(" | error: ").append(p.path("error").asText());
          }
          System.out.println(line);
        }
      }
      return 0;
    }

    /**
     * {@code GET /state?at=}: one JSON object of any size, read and printed one CID at a time
     * (with {@code --json} and no CID, passed through as it comes).
     */
    private void printHoldings(ClusterClient c) throws IOException {
      try (InputStream in = c.stream("/state" + ClusterClient.query(Map.of("at", at)))) {
        if (json && cid == null) {
          in.transferTo(System.out);
          System.out.flush();
          return;
        }
        try (JsonParser p = STREAMING.createParser(in)) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new UserException("the cluster's /state answer is not a JSON object: is the peer a Cairn cluster peer?");
          }
          Map<String, JsonNode> one = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            JsonNode peers = p.readValueAsTree();
            if (cid != null && !cid.equals(key)) {
              continue;
            }
            if (json) {
              one.put(key, peers);
            } else {
              System.out.println(key + " held by " + peers);
            }
          }
          if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new UserException("the cluster's answer to 'status --at' was cut off; run it again");
          }
          if (json) {
            System.out.println(Json.write(one));
          }
        }
      }
    }
  }

  private static final ObjectMapper STREAMING = new ObjectMapper();

  @Command(name = "allocations", description = "Which peers each pin is allocated to.")
  static final class Allocations implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "0..1")
    String cid;

    @Option(names = "--json", description = "Print IPFS Cluster's Pin objects, one per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (ClusterClient c = ClusterClient.local()) {
        return call(c);
      }
    }

    private Integer call(ClusterClient c) throws Exception {
      List<JsonNode> pins = cid == null ? c.lines("GET", "/allocations") : List.of(c.get("/allocations/" + cid(cid)));
      for (JsonNode p : pins) {
        System.out.println(json ? p.toString() : p.path("cid").asText() + " " + String.join(" ", texts(p.path("allocations"))));
      }
      return 0;
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Command(name = "history", description = "Every change of a pin and of its allocations, with its time;"
      + " with --peers, every peer added to or removed from the cluster.")
  static final class History implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "0..1")
    String cid;

    @Option(names = "--peers", description = "The cluster's membership changes instead of a CID's story.")
    boolean peers;

    @Option(names = "--json", description = "Print the events as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (peers == (cid != null)) {
        throw new UserException("name a CID ('cairn cluster history CID') or ask for membership changes"
            + " ('cairn cluster history --peers'), not both");
      }
      if (peers) {
        return members();
      }
      List<JsonNode> events = ClusterClient.local(c -> c.lines("GET", "/pins/" + cid(cid) + "/history"));
      if (json) {
        System.out.println(Json.write(events));
        return 0;
      }
      if (events.isEmpty()) {
        System.out.println(cid + " was never pinned in this cluster");
      }
      for (JsonNode e : events) {
        System.out.println(e.path("time").asText() + " " + e.path("event").asText() + " " + String.join(" ", texts(e.path("allocations"))));
      }
      return 0;
    }

    private Integer members() throws IOException {
      List<JsonNode> events = ClusterClient.local(c -> c.lines("GET", "/peers/history"));
      if (json) {
        System.out.println(Json.write(events));
        return 0;
      }
      if (events.isEmpty()) {
        System.out.println("no peer added or removed yet (a peer that starts a cluster records itself once a leader is elected)");
      }
      for (JsonNode e : events) {
        String raft = e.path("raft_address").asText("");
        System.out.println(e.path("time").asText() + " " + e.path("event").asText() + " " + e.path("peer").asText()
            + (raft.isEmpty() ? "" : " raft " + raft));
      }
      return 0;
    }
  }

  @Command(name = "recover", description = "Retry pins in error (one CID, or all) on every peer now.")
  static final class Recover implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "0..1")
    String cid;

    @Override
    public Integer call() throws Exception {
      try (ClusterClient c = ClusterClient.local()) {
        return call(c);
      }
    }

    private Integer call(ClusterClient c) throws Exception {
      List<JsonNode> out = cid == null ? c.lines("POST", "/pins/recover") : List.of(c.post("/pins/" + cid(cid) + "/recover"));
      int n = 0;
      for (JsonNode s : out) {
        for (JsonNode p : s.path("peer_map")) {
          n += p.path("status").asText().equals("pinned") || p.path("status").asText().equals("remote") ? 0 : 1;
        }
      }
      System.out.println("recover asked; " + n + " peer states not pinned yet (see 'cairn cluster status')");
      return 0;
    }
  }

  @Command(name = "state", description = "Export the pinset to a file (JSON lines) or import one.",
      subcommands = {State.Export.class, State.Import.class})
  static final class State {
    @Command(name = "export", description = "Write every pin (IPFS Cluster's Pin objects, one JSON per line) to FILE or stdout.")
    static final class Export implements Callable<Integer> {
      @Parameters(paramLabel = "FILE", arity = "0..1")
      Path file;

      @Override
      public Integer call() throws Exception {
        List<JsonNode> pins = ClusterClient.local(c -> c.lines("GET", "/allocations"));
        try (PrintWriter w = file == null ? new PrintWriter(System.out, false, StandardCharsets.UTF_8)
            : new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
          for (JsonNode p : pins) {
            w.println(p);
          }
        }
        if (file != null) {
          System.out.println("exported " + pins.size() + " pins to " + file);
        }
        return 0;
      }
    }

    @Command(name = "import", description = "Pin every pin of an exported FILE (same options; allocations chosen again, user allocations first).")
    static final class Import implements Callable<Integer> {
      @Parameters(paramLabel = "FILE")
      Path file;

      @Override
      public Integer call() throws Exception {
        try (ClusterClient c = ClusterClient.local()) {
          return call(c);
        }
      }

      private Integer call(ClusterClient c) throws Exception {
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          int lineNo = 0;
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isBlank()) {
              continue;
            }
            JsonNode p;
            try {
              p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            } catch (IOException e) {
              throw new UserException(file + " line " + lineNo + " is not JSON: " + e.getMessage());
            }
            if (!p.path("cid").isTextual()) {
              throw new UserException(file + " line " + lineNo + " has no \"cid\": is it a 'cairn cluster state export'?");
            }
            Map<String, String> q = new LinkedHashMap<>();
            q.put("name", p.path("name").asText(""));
            q.put("mode", p.path("mode").asText("recursive"));
            q.put("replication-min", p.path("replication_factor_min").asText("-1"));
            q.put("replication-max", p.path("replication_factor_max").asText("-1"));
            if (p.path("user_allocations").isArray() && !p.path("user_allocations").isEmpty()) {
              q.put("user-allocations", String.join(",", texts(p.path("user_allocations"))));
            }
            String expire = p.path("expire_at").asText("");
            if (!expire.isEmpty() && !expire.startsWith("0001-")) {
              q.put("expire-at", expire);
            }
            p.path("metadata").fields().forEachRemaining(e -> q.put("meta-" + e.getKey(), e.getValue().asText()));
            c.post("/pins/" + cid(p.path("cid").asText()) + ClusterClient.query(q));
            n++;
          }
        }
        System.out.println("imported " + n + " pins from " + file);
        return 0;
      }
    }
  }
}
