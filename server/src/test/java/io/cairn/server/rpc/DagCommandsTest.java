package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.Multicodec;
import io.cairn.store.PinMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dag/export|import|get|stat}. */
class DagCommandsTest {
  TestNode node;
  String root;

  @BeforeEach
  void start() throws IOException {
    node = new TestNode();
    Multipart m = new Multipart();
    for (int i = 0; i < 5; i++) {
      m.file("tree/f" + i, "file " + i);
    }
    List<JsonNode> events = TestNode.lines(node.post("add?cid-version=1", m));
    root = events.get(events.size() - 1).get("Hash").asText();
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
  }

  private List<Block> readCar(byte[] car, List<Cid> roots) throws IOException {
    List<Block> blocks = new ArrayList<>();
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      roots.addAll(r.roots());
      Block b;
      while ((b = r.next()) != null) {
        blocks.add(b);
      }
    }
    return blocks;
  }

  @Test
  void exportStreamsACarOfTheWholeDagRootFirst() throws IOException {
    HttpResponse<byte[]> r = node.postBytes("dag/export?arg=" + root);
    assertEquals("application/vnd.ipld.car", r.headers().firstValue("Content-Type").orElse(""));
    List<Cid> roots = new ArrayList<>();
    List<Block> blocks = readCar(r.body(), roots);
    assertEquals(List.of(Cid.parse(root)), roots);
    assertEquals(6, blocks.size());
    assertEquals(root, blocks.get(0).cid().toString());
  }

  @Test
  void importPinsTheRootsAndReportsStats() throws IOException {
    byte[] car = node.postBytes("dag/export?arg=" + root).body();
    try (TestNode other = new TestNode()) {
      List<JsonNode> lines = TestNode.lines(other.post("dag/import?stats=true", new Multipart().file("x.car", car)));
      assertEquals("{\"Root\":{\"Cid\":{\"/\":\"" + root + "\"},\"PinErrorMsg\":\"\"}}", lines.get(0).toString());
      assertEquals(6, lines.get(1).get("Stats").get("BlockCount").asInt(), lines.toString());
      assertTrue(lines.get(1).get("Stats").get("BlockBytesCount").asLong() > 0, lines.toString());
      assertEquals(PinMode.RECURSIVE, other.store.pin(Cid.parse(root)).orElseThrow().mode());
      assertEquals("file 3", TestNode.utf8(other.postBytes("cat?arg=" + root + "/f3").body()));
    }
  }

  @Test
  void importOfABadCarStoresNothing() throws IOException {
    byte[] car = node.postBytes("dag/export?arg=" + root).body();
    car[car.length - 2] ^= 1;
    try (TestNode other = new TestNode()) {
      HttpResponse<String> r = other.post("dag/import", new Multipart().file("bad.car", car));
      assertEquals(500, r.statusCode());
      assertTrue(r.body().contains("nothing from it was stored"), r.body());
      List<Object> keys = new ArrayList<>();
      other.store.forEachKey(keys::add);
      assertEquals(List.of(), keys);
      assertEquals(List.of(), other.store.pins());
    }
  }

  @Test
  void importWithoutPinningAndOfAnIncompleteDag() throws IOException {
    byte[] car = node.postBytes("dag/export?arg=" + root).body();
    try (TestNode other = new TestNode()) {
      HttpResponse<String> r = other.post("dag/import?pin-roots=false", new Multipart().file("x.car", car));
      assertEquals("", r.body());
      assertEquals(List.of(), other.store.pins());
    }
    // a CAR of the root block alone: its root cannot be pinned, which is reported, not thrown
    List<Cid> roots = new ArrayList<>();
    Block first = readCar(car, roots).get(0);
    java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    try (io.cairn.car.CarWriter w = io.cairn.car.CarWriter.v1(partial, roots)) {
      w.put(first);
    }
    try (TestNode other = new TestNode()) {
      JsonNode line = TestNode.lines(other.post("dag/import", new Multipart().file("p.car", partial.toByteArray()))).get(0);
      assertTrue(line.get("Root").get("PinErrorMsg").asText().contains("5 of its blocks are missing"), line.toString());
    }
  }

  @Test
  void getPrintsDagPbAsDagJson() {
    HttpResponse<String> r = node.post("dag/get?arg=" + root);
    JsonNode n = TestNode.parse(r.body());
    assertEquals("{\"/\":{\"bytes\":\"CAE\"}}", n.get("Data").toString()); // UnixFS {Type: Directory}
    JsonNode link = n.get("Links").get(0);
    assertEquals(List.of("Hash", "Name", "Tsize"), fieldNames(link));
    assertEquals("f0", link.get("Name").asText());
    assertTrue(link.get("Hash").get("/").asText().startsWith("bafk"));
    assertTrue(r.body().startsWith("{\"Data\":"), r.body()); // keys in byte order, compact
  }

  @Test
  void getPrintsDagCborAndFollowsPathsThroughIt() throws IOException {
    Cid file = Cid.parse(TestNode.json(node.post("ls?arg=" + root)).get("Objects").get(0).get("Links").get(0)
        .get("Hash").asText());
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "x");
    value.put("n", 1L);
    value.put("link", file);
    value.put("list", List.of(1L, 2L));
    Block b = Block.create(1, Multicodec.DAG_CBOR, DagCbor.encode(value));
    node.store.put(b);
    String out = node.post("dag/get?arg=" + b.cid()).body();
    assertEquals("{\"link\":{\"/\":\"" + file + "\"},\"list\":[1,2],\"n\":1,\"name\":\"x\"}", out);
    assertEquals("2", node.post("dag/get?arg=" + b.cid() + "/list/1").body());
    assertEquals("{\"/\":{\"bytes\":\"ZmlsZSAw\"}}", node.post("dag/get?arg=" + b.cid() + "/link").body()); // raw "file 0"
    assertEquals(500, node.post("dag/get?arg=" + b.cid() + "/nope").statusCode());
  }

  @Test
  void statSummarisesLikeKubo() {
    List<JsonNode> lines = TestNode.lines(node.post("dag/stat?arg=" + root + "&progress=false"));
    assertEquals(1, lines.size());
    JsonNode s = lines.get(0);
    assertEquals(6, s.get("UniqueBlocks").asInt());
    assertEquals(1.0, s.get("Ratio").asDouble());
    assertFalse(s.has("SharedSize"));
    JsonNode one = s.get("DagStats").get(0);
    assertEquals(root, one.get("Cid").asText());
    assertEquals(6, one.get("NumBlocks").asInt());
    assertEquals(s.get("TotalSize").asLong(), one.get("Size").asLong());
    // two roots sharing blocks: shared bytes counted once in TotalSize
    String f0 = TestNode.json(node.post("ls?arg=" + root)).get("Objects").get(0).get("Links").get(0).get("Hash").asText();
    List<JsonNode> both = TestNode.lines(node.post("dag/stat?arg=" + root + "&arg=" + f0));
    JsonNode last = both.get(both.size() - 1);
    assertEquals(6, last.get("UniqueBlocks").asInt());
    assertEquals(6, last.get("SharedSize").asLong()); // "file 0" is 6 bytes, counted twice
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
