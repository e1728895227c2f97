package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.Cid;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.unixfs.DirectoryLink;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Layout;
import io.cairn.unixfs.UnixfsData;
import io.cairn.unixfs.UnixfsExporter;
import io.cairn.unixfs.UnixfsType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which blocks a CAR holds, and in which order, for each dag-scope, entity-bytes and dups. */
class CarScopeTest {
  static final int CHUNK = 100;
  static GatewayFixture gw;
  /** 20 raw leaves of 100 bytes, 3 links per node: root → 3 × level 2 → 7 × level 1 → leaves. */
  static byte[] data;
  static Cid file;
  static Cid hamt;
  static List<String> hamtNames = new ArrayList<>();
  static Cid site;

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture();
    data = GatewayFixture.random(20 * CHUNK, 7);
    file = gw.file(data, ImportOptions.builder().cidVersion(1).chunkSize(CHUNK).maxLinks(3).build()).cid();
    Map<String, ImportedNode> entries = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String name = "entry-" + i + ".txt";
      hamtNames.add(name);
      entries.put(name, gw.file("content of " + name));
    }
    hamt = gw.dir(entries, 1).cid();
    site = gw.dir(Map.of("docs", gw.dir(Map.of("big.bin", new ImportedNode(file, 0, data.length))),
        "shards", new ImportedNode(hamt, 0, 0))).cid();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static List<Block> car(String pathAndQuery, String... headers) throws Exception {
    var r = gw.get(pathAndQuery, headers);
    assertEquals(200, r.statusCode(), new String(r.body()));
    return GatewayFixture.carBlocks(r.body());
  }

  static Cid leaf(int i) {
    return Cid.v1(Multicodec.RAW, Multihash.sha256(Arrays.copyOfRange(data, i * CHUNK, (i + 1) * CHUNK)));
  }

  static Cid link(Cid parent, int index) throws Exception {
    return gw.links(parent).get(index);
  }

  /** A block source holding only what a CAR held: what a trustless client has. */
  static UnixfsExporter exporterOver(List<Block> blocks) {
    Map<Cid, byte[]> m = new HashMap<>();
    blocks.forEach(b -> m.put(b.cid(), b.data()));
    return new UnixfsExporter(cid -> {
      byte[] b = m.get(cid);
      if (b == null) {
        throw new BlockNotFoundException(cid, "the CAR");
      }
      return b;
    });
  }

  @Test
  void shapeOfTheTestFile() throws Exception {
    assertEquals(3, gw.links(file).size());
    Cid l2 = link(file, 0);
    assertEquals(List.of(leaf(0), leaf(1), leaf(2)), gw.links(link(l2, 0)));
    assertEquals(List.of(leaf(18), leaf(19)), gw.links(link(link(file, 2), 0)));
  }

  @Test
  void scopeAllIsTheWholeDagDepthFirst() throws Exception {
    List<Cid> got = GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=all"));
    List<Cid> expected = new ArrayList<>();
    preOrder(file, expected);
    assertEquals(expected, got);
    assertEquals(1 + 3 + 7 + 20, got.size());
    assertArrayEquals(data, exporterOver(car("/ipfs/" + file + "?format=car")).open(file).readAllBytes());
  }

  private static void preOrder(Cid c, List<Cid> out) throws Exception {
    out.add(c);
    if (c.codec().equals(Multicodec.DAG_PB)) {
      for (Cid child : gw.links(c)) {
        preOrder(child, out);
      }
    }
  }

  @Test
  void scopeBlockIsTheOneBlock() throws Exception {
    assertEquals(List.of(file), GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=block")));
    assertEquals(List.of(hamt), GatewayFixture.cids(car("/ipfs/" + hamt + "?format=car&dag-scope=block")));
    assertEquals(List.of(file), GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=block&entity-bytes=0:10")),
        "block is narrower than what entity-bytes implies");
  }

  @Test
  void scopeEntityOfAFileIsTheWholeFile() throws Exception {
    assertEquals(GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=all")),
        GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=entity")));
  }

  @Test
  void entityBytesSendsOnlyTheNodesAndLeavesOfTheRange() throws Exception {
    Cid l2a = link(file, 0);
    // bytes 250..449 are in leaves 2, 3 and 4: under level-1 nodes 0 and 1 of the first level-2 node
    List<Cid> expected = List.of(file, l2a, link(l2a, 0), leaf(2), link(l2a, 1), leaf(3), leaf(4));
    List<Block> blocks = car("/ipfs/" + file + "?format=car&entity-bytes=250:449");
    assertEquals(expected, GatewayFixture.cids(blocks));
    // and they are enough to read (and verify) exactly that range
    assertArrayEquals(Arrays.copyOfRange(data, 250, 450), exporterOver(blocks).open(file, 250, 200).readAllBytes());
    assertEquals(expected, GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=entity&entity-bytes=250:449")));
  }

  @Test
  void entityBytesFromTheEndAndToTheEnd() throws Exception {
    Cid l2c = link(file, 2);
    List<Cid> tail = List.of(file, l2c, link(l2c, 0), leaf(18), leaf(19));
    assertEquals(tail, GatewayFixture.cids(car("/ipfs/" + file + "?format=car&entity-bytes=-150:*")));
    assertEquals(tail, GatewayFixture.cids(car("/ipfs/" + file + "?format=car&entity-bytes=1850:999999")),
        "a range running past the end is clipped to the file");
    Cid l2a = link(file, 0);
    assertEquals(List.of(file, l2a, link(l2a, 0), leaf(0)),
        GatewayFixture.cids(car("/ipfs/" + file + "?format=car&entity-bytes=0:0")));
    // 499 bytes from the start to 1000 from the end: leaves 4..9
    List<Cid> mid = GatewayFixture.cids(car("/ipfs/" + file + "?format=car&entity-bytes=499:-1001"));
    List<Cid> leaves = mid.stream().filter(c -> c.codec().equals(Multicodec.RAW)).toList();
    assertEquals(List.of(leaf(4), leaf(5), leaf(6), leaf(7), leaf(8), leaf(9)), leaves);
    assertEquals(GatewayFixture.cids(car("/ipfs/" + file + "?format=car&dag-scope=all")),
        GatewayFixture.cids(car("/ipfs/" + file + "?format=car&entity-bytes=0:*")));
  }

  @Test
  void entityBytesCarsSufficeForTheirRangeInEveryLayout() throws Exception {
    byte[] bytes = GatewayFixture.random(30_000, 5);
    List<ImportOptions> layouts = List.of(
        ImportOptions.builder().chunkSize(700).maxLinks(3).build(),
        ImportOptions.builder().chunkSize(700).maxLinks(3).layout(Layout.TRICKLE).build(),
        ImportOptions.builder().chunkSize(512).maxLinks(2).layout(Layout.TRICKLE).rawLeaves(true).build());
    Random rnd = new Random(9);
    for (ImportOptions o : layouts) {
      Cid f = gw.file(bytes, o).cid();
      int all = car("/ipfs/" + f + "?format=car").size();
      for (int i = 0; i < 15; i++) {
        int from = rnd.nextInt(bytes.length);
        int to = Math.min(bytes.length - 1, from + rnd.nextInt(3000));
        List<Block> blocks = car("/ipfs/" + f + "?format=car&entity-bytes=" + from + ":" + to);
        assertArrayEquals(Arrays.copyOfRange(bytes, from, to + 1),
            exporterOver(blocks).open(f, from, to - from + 1L).readAllBytes(), o + " " + from + ":" + to);
        assertTrue(blocks.size() < all, o + ": " + blocks.size() + " of " + all + " blocks for " + from + ":" + to);
      }
    }
  }

  @Test
  void entityBytesOutsideTheFile() throws Exception {
    var past = gw.get("/ipfs/" + file + "?format=car&entity-bytes=2000:*");
    assertEquals(400, past.statusCode());
    assertTrue(new String(past.body()).contains("2000 bytes"), new String(past.body()));
    // a range that resolves to no bytes: the root block alone tells the client the file's size
    assertEquals(List.of(file), GatewayFixture.cids(car("/ipfs/" + file + "?format=car&entity-bytes=100:-1950")));
  }

  @Test
  void entityBytesOnADirectoryIsIgnored() throws Exception {
    Cid docs = link(site, 0);
    assertEquals(List.of(docs), GatewayFixture.cids(car("/ipfs/" + docs + "?format=car&entity-bytes=0:10")));
  }

  @Test
  void entityOfAPlainDirectoryIsItsNode() throws Exception {
    assertEquals(List.of(site), GatewayFixture.cids(car("/ipfs/" + site + "?format=car&dag-scope=entity")));
  }

  @Test
  void entityOfAHamtDirectoryIsEveryShardButNoEntry() throws Exception {
    List<Block> blocks = car("/ipfs/" + hamt + "?format=car&dag-scope=entity");
    assertTrue(blocks.size() > 1, "300 names in 256 buckets need sub-shards");
    for (Block b : blocks) {
      UnixfsData d = UnixfsData.decode(DagPb.decode(b.data()).dataOrEmpty());
      assertEquals(UnixfsType.HAMT_SHARD, d.type(), b.cid().toString());
    }
    assertEquals(hamt, blocks.get(0).cid());
    List<String> listed = exporterOver(blocks).list(hamt).stream().map(DirectoryLink::name).sorted().toList();
    assertEquals(hamtNames.stream().sorted().toList(), listed, "the shards alone enumerate the directory");
  }

  @Test
  void scopeAllOfADirectoryIsEverythingBelowIt() throws Exception {
    List<Cid> got = GatewayFixture.cids(car("/ipfs/" + site + "?format=car"));
    Set<Multihash> seen = new HashSet<>();
    var walk = DagWalk.walk(gw.store, site, seen);
    assertEquals(walk.blocks(), got.size());
    assertEquals(seen, new HashSet<>(got.stream().map(Cid::multihash).toList()));
    assertEquals(site, got.get(0));
  }

  @Test
  void pathBlocksComeFirstAndVerifyThePath() throws Exception {
    Cid docs = link(site, 0);
    List<Block> blocks = car("/ipfs/" + site + "/docs/big.bin?format=car&dag-scope=block");
    assertEquals(List.of(site, docs, file), GatewayFixture.cids(blocks));
    var r = gw.get("/ipfs/" + site + "/docs/big.bin?format=car&dag-scope=block");
    assertEquals(List.of(file), GatewayFixture.carRoots(r.body()), "the root is the end of the path");
    assertEquals(site + "," + docs + "," + file, r.headers().firstValue("X-Ipfs-Roots").orElseThrow());
    assertEquals(file, exporterOver(blocks).resolve(site, "docs/big.bin"));
    List<Cid> ranged = GatewayFixture.cids(car("/ipfs/" + site + "/docs/big.bin?format=car&entity-bytes=-150:*"));
    Cid l2c = link(file, 2);
    assertEquals(List.of(site, docs, file, l2c, link(l2c, 0), leaf(18), leaf(19)), ranged);
  }

  @Test
  void pathThroughAHamtCarriesTheShardsOnTheWay() throws Exception {
    for (String name : List.of("entry-0.txt", "entry-17.txt", "entry-299.txt")) {
      List<Block> blocks = car("/ipfs/" + site + "/shards/" + name + "?format=car&dag-scope=block");
      Cid target = new UnixfsExporter(gw.store).resolve(hamt, name);
      assertEquals(site, blocks.get(0).cid());
      assertEquals(hamt, blocks.get(1).cid());
      assertEquals(target, blocks.get(blocks.size() - 1).cid());
      for (Block b : blocks.subList(1, blocks.size() - 1)) {
        assertEquals(UnixfsType.HAMT_SHARD, UnixfsData.decode(DagPb.decode(b.data()).dataOrEmpty()).type());
      }
      assertEquals(target, exporterOver(blocks).resolve(site, "shards/" + name), "the CAR proves the path");
    }
  }

  @Test
  void dupsYesRepeatsBlocksAndDupsNoNever() throws Exception {
    // ten identical chunks at four links per node: the first two level-1 nodes are the same block
    byte[] same = new byte[10 * CHUNK];
    Arrays.fill(same, (byte) 'x');
    Cid f = gw.file(same, ImportOptions.builder().cidVersion(1).chunkSize(CHUNK).maxLinks(4).build()).cid();
    Cid x = Cid.v1(Multicodec.RAW, Multihash.sha256(Arrays.copyOf(same, CHUNK)));
    List<Cid> top = gw.links(f);
    assertEquals(3, top.size());
    Cid a = top.get(0);
    Cid c = top.get(2);
    assertEquals(a, top.get(1));
    List<Cid> no = GatewayFixture.cids(car("/ipfs/" + f + "?format=car&car-dups=n"));
    assertEquals(List.of(f, a, x, c), no);
    List<Cid> yes = GatewayFixture.cids(car("/ipfs/" + f + "?format=car", "Accept",
        "application/vnd.ipld.car; version=1; order=dfs; dups=y"));
    assertEquals(List.of(f, a, x, x, x, x, a, x, x, x, x, c, x, x), yes);
    // ranges too: each needed occurrence is sent again with dups=y, once with dups=n
    List<Cid> rangeYes = GatewayFixture.cids(car("/ipfs/" + f + "?format=car&car-dups=y&entity-bytes=350:450"));
    assertEquals(List.of(f, a, x, a, x), rangeYes); // leaf 3 under the first copy, leaf 4 under the second
    List<Cid> rangeNo = GatewayFixture.cids(car("/ipfs/" + f + "?format=car&car-dups=n&entity-bytes=350:450"));
    assertEquals(List.of(f, a, x), rangeNo);
  }

  @Test
  void identityBlocksAreNeverWritten() throws Exception {
    ImportedNode tiny = gw.file("tiny".getBytes(), ImportOptions.builder().cidVersion(1).inline(true).build());
    assertTrue(tiny.cid().isIdentity());
    Cid d = gw.dir(Map.of("tiny.txt", tiny, "big.bin", new ImportedNode(file, 0, data.length))).cid();
    for (String q : List.of("", "&dag-scope=entity", "&car-dups=y")) {
      for (Block b : car("/ipfs/" + d + "?format=car" + q)) {
        assertFalse(b.cid().isIdentity(), b.cid() + " in " + q);
      }
    }
    assertEquals(List.of(d), GatewayFixture.cids(car("/ipfs/" + d + "/tiny.txt?format=car")),
        "the path block is sent; the identity terminal is not");
  }

  @Test
  void everyVariantReadsBackAsAValidCar() throws Exception {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String q : List.of("dag-scope=all", "dag-scope=entity", "dag-scope=block", "entity-bytes=0:99",
        "entity-bytes=-1:*", "car-dups=y")) {
      counts.put(q, car("/ipfs/" + site + "/docs/big.bin?format=car&" + q).size());
    }
    assertEquals(Map.of("dag-scope=all", 33, "dag-scope=entity", 33, "dag-scope=block", 3, "entity-bytes=0:99", 6,
        "entity-bytes=-1:*", 6, "car-dups=y", 33), counts);
  }
}
