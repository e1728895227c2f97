package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.codec.Cid;
import io.cairn.store.PinMode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pin/add|ls|rm} with Kubo's rules and shapes. */
class PinCommandsTest {
  TestNode node;
  String dir;
  String file;

  @BeforeEach
  void start() throws IOException {
    node = new TestNode();
    List<JsonNode> events = TestNode.lines(node.post("add?pin=false", new Multipart().file("d/f.txt", "pin me")));
    file = events.get(0).get("Hash").asText();
    dir = events.get(1).get("Hash").asText();
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
  }

  @Test
  void addListAndRemove() throws IOException {
    assertEquals("{\"Pins\":[\"" + dir + "\"]}", node.post("pin/add?arg=" + dir + "&name=docs").body().trim());
    assertEquals(PinMode.RECURSIVE, node.store.pin(Cid.parse(dir)).orElseThrow().mode());
    JsonNode keys = TestNode.json(node.post("pin/ls")).get("Keys");
    assertEquals("{\"Type\":\"recursive\",\"Name\":\"\"}", keys.get(dir).toString()); // names only when asked
    assertEquals("{\"Type\":\"indirect\",\"Name\":\"\"}", keys.get(file).toString());
    assertEquals("docs", TestNode.json(node.post("pin/ls?names=true")).get("Keys").get(dir).get("Name").asText());
    assertEquals(List.of(dir), keysOf(TestNode.json(node.post("pin/ls?type=recursive"))));
    assertEquals("{\"Pins\":[\"" + dir + "\"]}", node.post("pin/rm?arg=" + dir).body().trim());
    assertEquals("{\"Keys\":{}}", node.post("pin/ls").body().trim());
  }

  @Test
  void streamedListingIsOneLinePerPin() {
    node.post("pin/add?arg=" + dir + "&name=docs");
    List<JsonNode> lines = TestNode.lines(node.post("pin/ls?stream=true&names=true"));
    assertEquals("{\"Cid\":\"" + dir + "\",\"Name\":\"docs\",\"Type\":\"recursive\"}", lines.get(0).toString());
    assertEquals("{\"Cid\":\"" + file + "\",\"Type\":\"indirect\"}", lines.get(1).toString());
    List<JsonNode> filtered = TestNode.lines(node.post("pin/ls?stream=true&name=oc"));
    assertEquals(1, filtered.size());
  }

  @Test
  void argumentsMustBePinned() {
    node.post("pin/add?arg=" + dir);
    JsonNode keys = TestNode.json(node.post("pin/ls?arg=" + file)).get("Keys");
    assertEquals("indirect", keys.get(file).get("Type").asText());
    HttpResponse<String> r = node.post("pin/ls?arg=" + file + "&type=direct");
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("is not pinned"), r.body());
  }

  @Test
  void directPinsAndKubosRefusals() throws IOException {
    node.post("pin/add?arg=" + file + "&recursive=false");
    assertEquals(PinMode.DIRECT, node.store.pin(Cid.parse(file)).orElseThrow().mode());
    node.post("pin/add?arg=" + dir);
    HttpResponse<String> r = node.post("pin/add?arg=" + dir + "&recursive=false");
    assertTrue(r.body().contains("already pinned recursively"), r.body());
    r = node.post("pin/rm?arg=" + dir + "&recursive=false");
    assertTrue(r.body().contains("is pinned recursively"), r.body());
    r = node.post("pin/rm?arg=bafkqaaa");
    assertTrue(r.body().contains("is not pinned"), r.body());
    r = node.post("pin/add?arg=" + dir + "&name=" + "n".repeat(256));
    assertTrue(r.body().contains("max 255 bytes"), r.body());
  }

  @Test
  void aDagWithMissingBlocksIsNotPinned() throws IOException {
    node.store.delete(Cid.parse(file).multihash());
    HttpResponse<String> r = node.post("pin/add?arg=" + dir);
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("not in the repository") && r.body().contains(file), r.body());
    assertEquals(List.of(), node.store.pins());
  }

  @Test
  void progressReportsWhatWasWalked() {
    List<JsonNode> lines = TestNode.lines(node.post("pin/add?arg=" + dir + "&progress=true"));
    assertEquals(2, lines.get(0).get("Progress").asInt());
    assertEquals("[\"" + dir + "\"]", lines.get(1).get("Pins").toString());
  }

  private static List<String> keysOf(JsonNode ls) {
    List<String> out = new ArrayList<>();
    ls.get("Keys").fieldNames().forEachRemaining(out::add);
    return out;
  }
}
