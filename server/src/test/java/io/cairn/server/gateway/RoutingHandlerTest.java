package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutingHandlerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static GatewayFixture gw;
  static Cid held;
  static Cid absent;

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture();
    held = gw.file("provided").cid();
    absent = Block.create(1, Multicodec.RAW, "absent".getBytes()).cid();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  String expectedAddr() {
    return gw.daemon.gateway() + "/http";
  }

  @Test
  void providersAsJson() throws Exception {
    var r = gw.get("/routing/v1/providers/" + held);
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("public, max-age=300, stale-while-revalidate=172800, stale-if-error=172800",
        r.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("Accept", r.headers().firstValue("Vary").orElseThrow());
    assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    JsonNode providers = JSON.readTree(r.body()).get("Providers");
    assertEquals(1, providers.size());
    JsonNode p = providers.get(0);
    assertEquals("peer", p.get("Schema").asText());
    assertEquals(gw.node.peerId(), p.get("ID").asText());
    assertTrue(p.get("ID").asText().startsWith("12D3KooW"));
    assertEquals(List.of(expectedAddr()), List.of(p.get("Addrs").get(0).asText()));
    assertEquals(1, p.get("Addrs").size());
    assertTrue(expectedAddr().matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/http"), expectedAddr());
    assertEquals("transport-ipfs-gateway-http", p.get("Protocols").get(0).asText());
    assertEquals(1, p.get("Protocols").size());
  }

  @Test
  void cidv0AndCidv1OfTheSameBlockBothFound() throws Exception {
    assertEquals(0, held.version());
    assertEquals(200, gw.get("/routing/v1/providers/" + held.toV1()).statusCode());
  }

  @Test
  void providersAsNdjson() throws Exception {
    var r = gw.get("/routing/v1/providers/" + held, "Accept", "application/x-ndjson");
    assertEquals(200, r.statusCode());
    assertEquals("application/x-ndjson", r.headers().firstValue("Content-Type").orElseThrow());
    String body = new String(r.body());
    String[] lines = body.split("\n");
    assertTrue(body.endsWith("\n"));
    assertEquals(1, lines.length);
    JsonNode p = JSON.readTree(lines[0]);
    assertEquals("peer", p.get("Schema").asText());
    assertEquals(expectedAddr(), p.get("Addrs").get(0).asText());
    var both = gw.get("/routing/v1/providers/" + held, "Accept", "application/json, application/x-ndjson");
    assertEquals("application/x-ndjson", both.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void notHeldIs404() throws Exception {
    var r = gw.get("/routing/v1/providers/" + absent);
    assertEquals(404, r.statusCode());
    assertEquals(0, JSON.readTree(r.body()).get("Providers").size());
    assertEquals("public, max-age=15, stale-while-revalidate=172800, stale-if-error=172800",
        r.headers().firstValue("Cache-Control").orElseThrow());
    var nd = gw.get("/routing/v1/providers/" + absent, "Accept", "application/x-ndjson");
    assertEquals(404, nd.statusCode());
    assertEquals(0, nd.body().length);
  }

  @Test
  void headHasNoBody() throws Exception {
    var r = gw.head("/routing/v1/providers/" + held);
    assertEquals(200, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals(404, gw.head("/routing/v1/providers/" + absent).statusCode());
  }

  @Test
  void errors() throws Exception {
    assertEquals(400, gw.get("/routing/v1/providers/not-a-cid").statusCode());
    assertEquals(400, gw.get("/routing/v1/providers/").statusCode());
    assertEquals(400, gw.get("/routing/v1/providers/" + held, "Accept", "text/html").statusCode());
    assertEquals(400, gw.get("/routing/v1/elsewhere/" + held).statusCode());
    assertEquals(501, gw.get("/routing/v1/peers/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA").statusCode());
    assertEquals(404, gw.get("/routing/v1/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8")
        .statusCode()); // a name, but no record held for it
    assertEquals(400, gw.get("/routing/v1/ipns/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")
        .statusCode()); // a content CID is not a name
    assertEquals(501, gw.send("PUT", "/routing/v1/providers").statusCode());
    var post = gw.send("POST", "/routing/v1/providers/" + held);
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElseThrow());
    var options = gw.send("OPTIONS", "/routing/v1/providers/" + held);
    assertEquals(204, options.statusCode());
    assertEquals("*", options.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertNull(options.headers().firstValue("Content-Type").orElse(null));
  }
}
