package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code block/put|get|stat|rm} in Kubo's shapes. */
class BlockCommandsTest {
  static final String HELLO = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
  TestNode node;

  @BeforeEach
  void start() throws IOException {
    node = new TestNode();
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
  }

  @Test
  void putGetStatRm() throws IOException {
    JsonNode put = TestNode.json(node.post("block/put", new Multipart().file("", "hello world")));
    assertEquals(HELLO, put.get("Key").asText());
    assertEquals(11, put.get("Size").asInt());
    HttpResponse<byte[]> get = node.postBytes("block/get?arg=" + HELLO);
    assertEquals("hello world", TestNode.utf8(get.body()));
    assertEquals("application/vnd.ipld.raw", get.headers().firstValue("Content-Type").orElse(""));
    JsonNode stat = TestNode.json(node.post("block/stat?arg=" + HELLO));
    assertEquals("{\"Key\":\"" + HELLO + "\",\"Size\":11}", stat.toString());
    List<JsonNode> rm = TestNode.lines(node.post("block/rm?arg=" + HELLO));
    assertEquals("{\"Hash\":\"" + HELLO + "\"}", rm.get(0).toString());
    assertFalse(node.store.has(Cid.parse(HELLO)));
  }

  @Test
  void rmReportsEachFailureAndRefusesPinnedBlocks() throws IOException {
    TestNode.json(node.post("block/put?pin=true", new Multipart().file("", "hello world")));
    List<JsonNode> lines = TestNode.lines(node.post("block/rm?arg=" + HELLO
        + "&arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"));
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).get("Error").asText().contains("is pinned"), lines.toString());
    assertTrue(lines.get(1).get("Error").asText().contains("not in the repository"), lines.toString());
    assertTrue(node.store.has(Cid.parse(HELLO)));
    // force ignores missing blocks; quiet leaves out the removed ones
    String missing = TestNode.lines(node.post("block/rm?force=true&arg="
        + "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")).get(0).toString();
    assertFalse(missing.contains("Error"), missing);
  }

  @Test
  void rmRefusesABlockUnderARecursivePin() {
    List<JsonNode> added = TestNode.lines(node.post("add", new Multipart().file("d/x", "inside")));
    String file = added.get(0).get("Hash").asText();
    JsonNode line = TestNode.lines(node.post("block/rm?arg=" + file)).get(0);
    assertTrue(line.get("Error").asText().contains("pinned indirectly"), line.toString());
  }

  @Test
  void putChecksTheCodecAndNamesTheBlockWithIt() throws IOException {
    byte[] cbor = DagCbor.encode(Map.of("a", 1L));
    JsonNode put = TestNode.json(node.post("block/put?cid-codec=dag-cbor", new Multipart().file("", cbor)));
    assertTrue(put.get("Key").asText().startsWith("bafyrei"), put.toString());
    HttpResponse<String> bad = node.post("block/put?cid-codec=dag-cbor", new Multipart().file("", "not cbor"));
    assertEquals(500, bad.statusCode());
    HttpResponse<String> v0 = node.post("block/put?format=v0", new Multipart().file("", new byte[] {0x0a, 0x02, 0x08, 0x01}));
    assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", TestNode.json(v0).get("Key").asText());
    assertTrue(node.post("block/put?mhtype=sha3-256", new Multipart().file("", "x")).body().contains("sha2-256"));
  }

  @Test
  void aBlockOverTwoMebibytesIsRefused() {
    HttpResponse<String> r = node.post("block/put", new Multipart().file("", new byte[(2 << 20) + 1]));
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("over the 2 MiB block limit"), r.body());
  }
}
