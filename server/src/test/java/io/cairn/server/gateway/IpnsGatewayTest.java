package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.ipns.IpnsName;
import io.cairn.codec.ipns.IpnsRecord;
import io.cairn.unixfs.ImportedNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The gateway's /ipns/ paths over one real daemon, with the node's own key ('self') publishing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpnsGatewayTest {
  private GatewayFixture gw;
  private ImportedNode root;
  private IpnsName name;

  @BeforeAll
  void start() throws Exception {
    gw = new GatewayFixture();
    ImportedNode file = gw.file("packages index\n");
    ImportedNode sub = gw.dir(Map.of("Packages", file));
    root = gw.dir(Map.of("dists", sub, "README", gw.file("readme\n")));
    name = gw.node.names().publish("self", "/ipfs/" + root.cid(), Duration.ofHours(1), Duration.ofSeconds(120)).name();
  }

  @AfterAll
  void stop() throws Exception {
    gw.close();
  }

  @Test
  void servesContentThroughTheNameWithTheRecordsTtl() throws Exception {
    var r = gw.get("/ipns/" + name + "/dists/Packages");
    assertEquals(200, r.statusCode());
    assertEquals("packages index\n", new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("public, max-age=120", r.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("/ipns/" + name + "/dists/Packages", r.headers().firstValue("X-Ipfs-Path").orElseThrow());
    var head = gw.head("/ipns/" + name + "/README");
    assertEquals(200, head.statusCode());
    assertEquals("7", head.headers().firstValue("Content-Length").orElseThrow());
  }

  @Test
  void aNewPublishIsServedAtTheSameUrl() throws Exception {
    ImportedNode other = gw.dir(Map.of("README", gw.file("second\n")));
    gw.node.names().publish("self", "/ipfs/" + other.cid(), Duration.ofHours(1), Duration.ofSeconds(120));
    assertEquals("second\n", new String(gw.get("/ipns/" + name + "/README").body(), StandardCharsets.UTF_8));
    assertEquals(404, gw.get("/ipns/" + name + "/dists/Packages").statusCode());
    gw.node.names().publish("self", "/ipfs/" + root.cid(), Duration.ofHours(1), Duration.ofSeconds(120));
    assertEquals(200, gw.get("/ipns/" + name + "/dists/Packages").statusCode());
  }

  @Test
  void theRecordItselfOnRequest() throws Exception {
    var r = gw.get("/ipns/" + name + "?format=ipns-record");
    assertEquals(200, r.statusCode());
    assertEquals("application/vnd.ipfs.ipns-record", r.headers().firstValue("Content-Type").orElseThrow());
    IpnsRecord record = IpnsRecord.validate(name, r.body(), Instant.now());
    assertEquals("/ipfs/" + root.cid(), record.value());
    var accept = gw.get("/ipns/" + name, "Accept", "application/vnd.ipfs.ipns-record");
    assertArrayEquals(r.body(), accept.body());
    assertEquals(400, gw.get("/ipns/" + name + "/README?format=ipns-record").statusCode());
    assertEquals(400, gw.get("/ipfs/" + root.cid() + "?format=ipns-record").statusCode());
  }

  @Test
  void unknownAndMalformedNames() throws Exception {
    var unknown = gw.get("/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8/");
    assertEquals(404, unknown.statusCode());
    assertTrue(new String(unknown.body(), StandardCharsets.UTF_8).contains("no IPNS record"));
    assertEquals(400, gw.get("/ipns/not-a-name").statusCode());
    assertEquals(400, gw.get("/ipns/").statusCode());
    assertEquals(400, gw.get("/ipns/" + name + "/../x").statusCode());
  }

  @Test
  void routingV1PutThenGet() throws Exception {
    var bytes = gw.get("/routing/v1/ipns/" + name).body();
    IpnsRecord.validate(name, bytes, Instant.now());
    var put = gw.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.base() + "/routing/v1/ipns/"
        + name)).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(400, put.statusCode());
    assertTrue(put.body().contains("record refused"), put.body());
  }
}
