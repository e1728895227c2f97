package io.cairn.cluster.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.car.CarReader;
import io.cairn.cluster.MiniCluster;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.store.MemoryStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Cairn's {@code POST /blocks} on the cluster API: the held blocks asked for, as a CAR. */
@Timeout(60)
class HeldBlocksTest {
  @TempDir static Path dir;
  private static MiniCluster cluster; // one peer: the API needs one; the blocks come from a store of the test's

  @BeforeAll
  static void start() throws Exception {
    cluster = new MiniCluster(dir).start(1);
    cluster.awaitLeader();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static HttpResponse<byte[]> post(HttpClient http, String url, String body, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<Block> blocks(byte[] car) throws Exception {
    List<Block> out = new ArrayList<>();
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      assertEquals(List.of(), r.roots());
      for (Block b = r.next(); b != null; b = r.next()) { // next() verifies each against its CID
        out.add(b);
      }
    }
    return out;
  }

  @Test
  void answersTheHeldBlocksInTheOrderAskedAndRefusesBadRequests() throws Exception {
    MemoryStore store = new MemoryStore();
    Random random = new Random(3);
    List<Block> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] data = new byte[100 + i];
      random.nextBytes(data);
      Block b = Block.create(1, Multicodec.RAW, data);
      store.put(b);
      held.add(b);
    }
    Cid absent = Block.create(1, Multicodec.RAW, "not here".getBytes(StandardCharsets.UTF_8)).cid();
    try (HttpClient http = HttpClient.newHttpClient();
        ClusterApi api = ClusterApi.start(cluster.peer("p1"), null, store, "127.0.0.1", 0, MiniCluster.SECRET, -1, -1,
            cluster.clock)) {
      String url = "http://127.0.0.1:" + api.address().getPort() + "/blocks";
      String bearer = "Bearer " + MiniCluster.SECRET;
      String asked = held.get(2).cid() + "\n" + absent + "\n\n" + held.get(0).cid() + "\n" + held.get(2).cid() + "\n";
      HttpResponse<byte[]> r = post(http, url, asked, bearer);
      assertEquals(200, r.statusCode());
      assertEquals("application/vnd.ipld.car; version=1", r.headers().firstValue("content-type").orElse(""));
      List<Block> got = blocks(r.body());
      assertEquals(List.of(held.get(2).cid(), held.get(0).cid()), got.stream().map(Block::cid).toList());
      assertTrue(Arrays.equals(held.get(2).data(), got.get(0).data()));

      assertEquals(401, post(http, url, asked, null).statusCode());
      HttpResponse<byte[]> bad = post(http, url, held.get(0).cid() + "\nnot-a-cid\n", bearer);
      assertEquals(400, bad.statusCode());
      String why = new String(bad.body(), StandardCharsets.UTF_8);
      assertTrue(why.contains("line 2") && why.contains("not-a-cid"), why);
      String tooMany = (held.get(0).cid() + "\n").repeat(HeldBlocks.MAX_CIDS + 1);
      assertEquals(400, post(http, url, tooMany, bearer).statusCode());
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, get.statusCode(), get.body());
    }
  }

  @Test
  void anAnswerStopsOnceItCarriesItsByteCap() throws Exception {
    MemoryStore store = new MemoryStore();
    Random random = new Random(5);
    StringBuilder asked = new StringBuilder();
    int blockSize = 1 << 20;
    long count = HeldBlocks.MAX_BYTES / blockSize + 3;
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[blockSize];
      random.nextBytes(data);
      Block b = Block.create(1, Multicodec.RAW, data);
      store.put(b);
      asked.append(b.cid()).append('\n');
    }
    try (HttpClient http = HttpClient.newHttpClient();
        ClusterApi api = ClusterApi.start(cluster.peer("p1"), null, store, "127.0.0.1", 0, MiniCluster.SECRET, -1, -1,
            cluster.clock)) {
      HttpResponse<byte[]> r = post(http, "http://127.0.0.1:" + api.address().getPort() + "/blocks",
          asked.toString(), "Bearer " + MiniCluster.SECRET);
      assertEquals(200, r.statusCode());
      assertEquals(HeldBlocks.MAX_BYTES / blockSize, blocks(r.body()).size());
    }
  }
}
