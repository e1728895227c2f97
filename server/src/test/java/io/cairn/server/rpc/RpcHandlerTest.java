package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API's framing: methods, unknown commands, option parsing, error JSON, body caps. */
class RpcHandlerTest {
  static TestNode node;

  @BeforeAll
  static void start() throws IOException {
    node = new TestNode();
  }

  @AfterAll
  static void stop() throws IOException {
    node.close();
  }

  private static void assertError(HttpResponse<String> r, int status, int code, String text) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    JsonNode e = TestNode.parse(r.body());
    assertEquals("error", e.get("Type").asText(), r.body());
    assertEquals(code, e.get("Code").asInt(), r.body());
    assertTrue(e.get("Message").asText().contains(text), r.body());
  }

  @Test
  void getIsRefusedWith405AndKubosErrorJson() {
    HttpResponse<String> r = node.send(node.request("id").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertError(r, 405, 1, "Method Not Allowed");
    assertEquals("OPTIONS, POST", r.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void optionsAnswersTheAllowedMethods() {
    HttpResponse<String> r = node.send(node.request("id").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode());
    assertEquals("OPTIONS, POST", r.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void unknownCommandIs404() {
    assertError(node.post("no/such/thing"), 404, 1, "Command not found");
    assertError(node.post("block"), 404, 1, "Command not found"); // a group, not a command
  }

  @Test
  void badOptionValuesAreBadRequests() {
    assertError(node.post("cat?arg=bafkqaaa&offset=ten"), 400, 1, "could not convert value \"ten\" to type \"int64\"");
    assertError(node.post("ls?arg=bafkqaaa&stream=maybe"), 400, 1, "to type \"bool\" (for option \"-stream\")");
    assertError(node.post("pin/ls?type=all&t=all"), 400, 1, "duplicate command options");
    assertError(node.post("cat"), 400, 1, "argument \"ipfs-path\" is required");
    assertError(node.post("id?encoding=text"), 400, 1, "encoding=text is not supported");
  }

  @Test
  void failedCommandsAre500WithTheirMessage() {
    assertError(node.post("cat?arg=not-a-cid"), 500, 0, "is not a CID");
    assertError(node.post("block/get?arg=bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"), 500, 0,
        "not found");
    assertError(node.post("cat?arg=/ipns/example.com"), 500, 0, "IPNS");
  }

  @Test
  void boolOptionsTakeGoSpellingsAndBareNames() {
    // a bare "?stream" is true, as in go-ipfs-cmds: the answer is one line per entry (none here)
    HttpResponse<String> r = node.post("pin/ls?stream");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals("{}", TestNode.json(node.post("pin/ls?stream=F")).get("Keys").toString());
  }

  @Test
  void lastPathSegmentIsAnArgument() {
    // go-ipfs-cmds takes /api/v0/cat/<cid> as cat with that argument
    HttpResponse<String> r = node.post("block/stat/bafkqaaa");
    assertEquals(0, TestNode.json(r).get("Size").asInt());
  }

  @Test
  void everyAnswerDeclaresTheStreamErrorTrailer() {
    HttpResponse<String> r = node.post("version");
    assertEquals("X-Stream-Error", r.headers().firstValue("Trailer").orElseThrow());
    assertTrue(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("X-Chunked-Output"));
  }

  @Test
  void blockPutBodyOverTheLimitIsRefusedBeforeReading() {
    byte[] big = new byte[(2 << 20) + 64 * 1024];
    Multipart m = new Multipart().file("", big);
    assertError(node.post("block/put", m), 413, 1, "limit of block/put");
    assertEquals(0, node.store.pins().size());
  }

  @Test
  void chunkedBodyOverTheLimitIsRefusedWhileReading() {
    Multipart m = new Multipart().file("", new byte[1 << 20]).file("", new byte[1 << 20]).file("", new byte[1 << 20]);
    // ofInputStream has no length: the body is sent chunked and counted as it is read
    HttpResponse<String> r = node.send(node.request("block/put").header("Content-Type", m.contentType())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(m.bytes()))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertError(r, 413, 1, "limit of block/put");
    assertEquals(0, node.store.pins().size());
    java.util.concurrent.atomic.AtomicInteger blocks = new java.util.concurrent.atomic.AtomicInteger();
    node.store.forEachKey(k -> blocks.incrementAndGet());
    assertEquals(0, blocks.get(), "nothing of a refused body is stored");
  }

  @Test
  void commandsWithoutABodyRefuseALargeOne() {
    HttpResponse<String> r = node.send(node.request("id")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(), HttpResponse.BodyHandlers.ofString());
    assertError(r, 413, 1, "limit of id");
  }
}
