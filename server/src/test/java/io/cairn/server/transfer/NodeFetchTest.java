package io.cairn.server.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cairn.codec.Cid;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Config;
import io.cairn.store.DagWalk;
import io.cairn.store.Identity;
import io.cairn.store.MemoryStore;
import io.cairn.store.PinMode;
import io.cairn.transfer.ProviderConfig;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon fetching what it lacks: node B lists node A (behind a counting proxy) in
 * {@code Peering.Peers}; A holds the content, B starts empty.
 */
class NodeFetchTest {
  static final Duration LIMIT = Duration.ofSeconds(60);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final MemoryStore bStore = new MemoryStore();
  private Peer a;
  private FaultProxy proxy;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closes(T c) {
    closing.add(c);
    return c;
  }

  /** Starts A (behind the proxy) and B, whose config names A; B is offline when asked. */
  private Daemon nodes(boolean noFetch, boolean offline) throws Exception {
    a = closes(new Peer());
    proxy = closes(new FaultProxy(a.url()));
    Config config = Config.defaults(Identity.generate());
    ArrayNode peers = JsonNodeFactory.instance.arrayNode();
    String port = proxy.url().substring(proxy.url().lastIndexOf(':') + 1);
    peers.addObject().put("ID", a.config.peerId()).putArray("Addrs").add("/ip4/127.0.0.1/tcp/" + port + "/http");
    config.set(ProviderConfig.PEERS_KEY, peers);
    if (noFetch) {
      config.set(NodeContext.NO_FETCH_KEY, BooleanNode.TRUE);
    }
    NodeContext b = closes(NodeContext.forDaemon(bStore, config, new Metrics(), null, offline));
    assertEquals(!noFetch && !offline, b.online());
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    return closes(Daemon.start(b, any, any));
  }

  private HttpResponse<byte[]> get(Daemon d, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(d.gateway().httpUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> rpc(Daemon d, String command) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(d.api().httpUrl() + "/api/v0/" + command))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private boolean holdsAll(Cid root) throws IOException {
    return DagWalk.walk(bStore, root, new HashSet<>()).complete();
  }

  @Test
  void gatewayServesAFileOnlyThePeerHolds() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      byte[] data = Peer.random(3 << 20, 1);
      ImportedNode file = a.file(data);
      assertFalse(bStore.has(file.cid()));

      HttpResponse<byte[]> r = get(b, "/ipfs/" + file.cid());
      assertEquals(200, r.statusCode());
      assertArrayEquals(data, r.body());
      assertTrue(holdsAll(file.cid()), "B stored every block it served");

      long before = proxy.requests();
      assertArrayEquals(data, get(b, "/ipfs/" + file.cid()).body());
      assertEquals(before, proxy.requests(), "held blocks are never fetched again");
    });
  }

  @Test
  void rawBlockAndCarMissesAreFetched() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      byte[] small = Peer.random(1000, 2);
      ImportedNode one = a.file(small);
      HttpResponse<byte[]> raw = get(b, "/ipfs/" + one.cid() + "?format=raw");
      assertEquals(200, raw.statusCode());
      assertArrayEquals(a.store.get(one.cid()), raw.body());

      ImportedNode big = a.file(Peer.random(1 << 20, 3));
      HttpResponse<byte[]> car = get(b, "/ipfs/" + big.cid() + "?format=car");
      assertEquals(200, car.statusCode());
      assertTrue(car.body().length > 1 << 20);
      assertTrue(holdsAll(big.cid()));
    });
  }

  @Test
  void rpcCatAndDagGetFetchFromThePeer() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      byte[] data = Peer.random(2 << 20, 4);
      ImportedNode file = a.file(data);
      HttpResponse<byte[]> r = rpc(b, "cat?arg=" + file.cid());
      assertEquals(200, r.statusCode(), () -> new String(r.body()));
      assertArrayEquals(data, r.body());

      ImportedNode other = a.file(Peer.random(600_000, 5)); // a DAG-PB root over three leaves
      HttpResponse<byte[]> node = rpc(b, "dag/get?arg=" + other.cid());
      assertEquals(200, node.statusCode(), () -> new String(node.body()));
      assertEquals(3, new com.fasterxml.jackson.databind.ObjectMapper().readTree(node.body()).get("Links").size());
    });
  }

  @Test
  void rpcGetStreamsATreeWhileItsWholeDagIsFetchedInFewRequests() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      ImportedNode tree = a.tree(300, 3 << 20, 10);
      long blocks = DagWalk.walk(a.store, tree.cid(), new HashSet<>()).blocks();
      HttpResponse<byte[]> r = rpc(b, "get?arg=" + tree.cid());
      assertEquals(200, r.statusCode(), () -> new String(r.body()));
      Map<String, byte[]> files = new HashMap<>();
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(r.body()))) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          if (e.isFile()) {
            files.put(e.getName(), tar.readAllBytes());
          }
        }
      }
      UnixfsExporter fromA = new UnixfsExporter(a.store);
      String root = tree.cid().toString();
      assertEquals(301, files.size());
      assertArrayEquals(fromA.open(fromA.resolve(tree.cid(), "sub/big.bin")).readAllBytes(),
          files.get(root + "/sub/big.bin"));
      assertArrayEquals(fromA.open(fromA.resolve(tree.cid(), "sharded/file-17.bin")).readAllBytes(),
          files.get(root + "/sharded/file-17.bin"));
      assertTrue(holdsAll(tree.cid()), "B stored the whole DAG it streamed");
      assertTrue(proxy.requests() * 4 < blocks,
          "subtrees came as CARs: " + proxy.requests() + " requests for " + blocks + " blocks");
    });
  }

  @Test
  void rpcGetWriteOfAFileWritesItAsItArrivesAndResumesWhatIsHeld(@TempDir java.nio.file.Path dir) {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      byte[] data = Peer.random(3 << 20, 11);
      ImportedNode file = a.file(data);
      java.nio.file.Path to = dir.resolve("f.bin");
      HttpResponse<byte[]> r = rpc(b, "get/write?arg=" + file.cid() + "&to=" + to);
      assertEquals(200, r.statusCode(), () -> new String(r.body()));
      String[] lines = new String(r.body()).strip().split("\n");
      assertTrue(lines[lines.length - 1].contains("\"Bytes\":" + data.length), lines[lines.length - 1]);
      assertArrayEquals(data, java.nio.file.Files.readAllBytes(to));
      assertTrue(holdsAll(file.cid()), "B stored every block it wrote");

      // part of another file held (a ranged cat), then the whole: held leaves come from B's store
      byte[] other = Peer.random(3 << 20, 12);
      ImportedNode second = a.file(other);
      assertEquals(200, rpc(b, "cat?arg=" + second.cid() + "&offset=" + (1 << 20) + "&length=" + (1 << 20))
          .statusCode());
      long before = proxy.requests();
      java.nio.file.Path to2 = dir.resolve("g.bin");
      assertEquals(200, rpc(b, "get/write?arg=" + second.cid() + "&to=" + to2).statusCode());
      assertArrayEquals(other, java.nio.file.Files.readAllBytes(to2));
      assertTrue(holdsAll(second.cid()));
      assertTrue(proxy.requests() > before, "the rest was fetched");
    });
  }

  @Test
  void rpcRangedCatFetchesTheRangeInOneRequest() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      byte[] data = Peer.random(8 << 20, 13);
      ImportedNode file = a.file(data);
      long offset = (3 << 20) + 12345;
      int length = 2 << 20; // nine of the file's 256 KiB leaves
      HttpResponse<byte[]> r = rpc(b, "cat?arg=" + file.cid() + "&offset=" + offset + "&length=" + length);
      assertEquals(200, r.statusCode(), () -> new String(r.body()));
      assertArrayEquals(java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + length), r.body());
      assertTrue(proxy.requests() <= 3,
          "the root, then the range as one CAR (entity-bytes), not a request per leaf: " + proxy.requests());
      assertFalse(holdsAll(file.cid()), "only the range's blocks were fetched");
    });
  }

  @Test
  void gatewayRangesOfAFileItLacksComeInOneRequestEach() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      byte[] data = Peer.random(8 << 20, 14);
      ImportedNode file = a.file(data);
      int from = (5 << 20) + 777;
      int last = from + (1 << 20);
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(b.gateway().httpUrl() + "/ipfs/" + file.cid()))
          .header("Range", "bytes=" + from + "-" + last).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, r.statusCode());
      assertArrayEquals(java.util.Arrays.copyOfRange(data, from, last + 1), r.body());
      assertTrue(proxy.requests() <= 3,
          "the root, then the range as one CAR (entity-bytes), not a request per leaf: " + proxy.requests());
      assertFalse(holdsAll(file.cid()), "only the range's blocks were fetched");

      long before = proxy.requests();
      HttpResponse<byte[]> car = get(b, "/ipfs/" + file.cid() + "?format=car&dag-scope=entity&entity-bytes=2097152:2200000");
      assertEquals(200, car.statusCode());
      assertEquals(1, proxy.requests() - before, "another range of the same file came in one request");
      assertFalse(holdsAll(file.cid()));
      before = proxy.requests();
      assertEquals(206, http.send(HttpRequest.newBuilder(URI.create(b.gateway().httpUrl() + "/ipfs/" + file.cid()))
          .header("Range", "bytes=" + from + "-" + last).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
          .statusCode());
      assertEquals(before, proxy.requests(), "a range held whole asks nobody");
    });
  }

  @Test
  void rpcPinAddPinsACompleteDag() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      ImportedNode tree = a.tree(300, 1 << 20, 5);
      HttpResponse<byte[]> r = rpc(b, "pin/add?arg=" + tree.cid());
      assertEquals(200, r.statusCode(), () -> new String(r.body()));
      assertTrue(new String(r.body()).contains(tree.cid().toString()));
      assertEquals(PinMode.RECURSIVE, bStore.pin(tree.cid()).orElseThrow().mode());
      assertTrue(holdsAll(tree.cid()), "a recursive pin has its whole DAG");
    });
  }

  @Test
  void rpcPinAddStreamsProgressAndStatsCountTheFetch() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      ImportedNode file = a.file(Peer.random(6 << 20, 11));
      DagWalk.Result dag = DagWalk.walk(a.store, file.cid(), new HashSet<>());
      proxy.throttled(4 << 20); // about 1.5 s: several of the 250 ms progress ticks
      HttpResponse<byte[]> r = rpc(b, "pin/add?progress=true&arg=" + file.cid());
      assertEquals(200, r.statusCode(), () -> new String(r.body()));
      List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
      for (String l : new String(r.body()).split("\n")) {
        lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(l));
      }
      assertEquals(file.cid().toString(), lines.getLast().path("Pins").get(0).asText());
      List<com.fasterxml.jackson.databind.JsonNode> ticks = lines.stream().filter(n -> n.has("Providers")).toList();
      assertFalse(ticks.isEmpty(), "progress was shown while the DAG arrived: " + lines);
      long last = 0;
      for (var t : ticks) {
        assertTrue(t.path("Progress").asLong() >= last && t.path("Progress").asLong() <= dag.blocks(), t.toString());
        assertEquals(1, t.path("Providers").asInt());
        last = t.path("Progress").asLong();
      }

      var stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rpc(b, "stats/transfer").body());
      assertEquals(dag.blocks(), stats.path("BlocksReceived").asLong());
      assertEquals(dag.bytes(), stats.path("DataReceived").asLong());
      assertEquals(0, stats.path("DupBlksReceived").asLong());
      assertEquals(proxy.url(), stats.path("Providers").get(0).path("Url").asText());
      assertEquals(proxy.bytes(), stats.path("WireReceived").asLong());
    });
  }

  @Test
  void noFetchConfigKeepsTheNodeLocal() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(true, false);
      ImportedNode file = a.file(Peer.random(100_000, 6));
      assertEquals(404, get(b, "/ipfs/" + file.cid()).statusCode());
      assertEquals(404, get(b, "/ipfs/" + file.cid() + "?format=raw").statusCode());
      assertEquals(500, rpc(b, "cat?arg=" + file.cid()).statusCode());
      assertEquals(500, rpc(b, "pin/add?arg=" + file.cid()).statusCode());
      assertEquals(0, proxy.requests(), "A was never asked");
      assertFalse(bStore.has(file.cid()));
    });
  }

  @Test
  void offlineDaemonAndOfflineOptionKeepTheNodeLocal() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, true);
      ImportedNode file = a.file(Peer.random(100_000, 7));
      assertEquals(404, get(b, "/ipfs/" + file.cid()).statusCode());
      assertEquals(500, rpc(b, "cat?arg=" + file.cid()).statusCode());
      assertEquals(0, proxy.requests(), "A was never asked");
    });
  }

  @Test
  void offlineOptionKeepsOneCommandLocal() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      ImportedNode file = a.file(Peer.random(100_000, 8));
      assertEquals(500, rpc(b, "cat?offline=true&arg=" + file.cid()).statusCode());
      assertEquals(500, rpc(b, "pin/add?offline=true&arg=" + file.cid()).statusCode());
      assertEquals(500, rpc(b, "dag/stat?offline=true&arg=" + file.cid()).statusCode());
      assertEquals(0, proxy.requests(), "A was never asked");
      HttpResponse<byte[]> stat = rpc(b, "dag/stat?progress=false&arg=" + file.cid());
      assertEquals(200, stat.statusCode(), () -> new String(stat.body()));
      assertTrue(proxy.requests() > 0);
      assertTrue(holdsAll(file.cid()));
    });
  }

  @Test
  void anotherNodesEngineIsAnsweredFromLocalBlocksOnly() {
    assertTimeoutPreemptively(LIMIT, () -> {
      Daemon b = nodes(false, false);
      ImportedNode file = a.file(Peer.random(1000, 9));
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
          URI.create(b.gateway().httpUrl() + "/ipfs/" + file.cid() + "?format=raw"))
          .header("User-Agent", io.cairn.transfer.Transfer.USER_AGENT).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(404, r.statusCode());
      assertEquals(0, proxy.requests(), "B did not pass the request on");
    });
  }
}
