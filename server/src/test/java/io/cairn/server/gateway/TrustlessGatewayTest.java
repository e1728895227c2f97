package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.Multicodec;
import io.cairn.unixfs.ImportedNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustlessGatewayTest {
  static GatewayFixture gw;
  static ImportedNode hello;
  static ImportedNode sub;
  static ImportedNode root;
  static Cid missing;

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture();
    hello = gw.file("hello world\n");
    sub = gw.dir(Map.of("hello.txt", hello));
    root = gw.dir(Map.of("sub", sub, "top.txt", gw.file("top")));
    missing = Block.create(1, Multicodec.RAW, "not stored".getBytes()).cid();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void rawBlockWithEveryHeader() throws Exception {
    Cid c = hello.cid();
    var r = gw.get("/ipfs/" + c + "?format=raw");
    assertEquals(200, r.statusCode());
    assertArrayEquals(gw.store.get(c), r.body());
    assertEquals("application/vnd.ipld.raw", header(r, "Content-Type"));
    assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
    assertEquals("attachment; filename=\"" + c + ".bin\"", header(r, "Content-Disposition"));
    assertEquals("\"" + c + ".raw\"", header(r, "Etag"));
    assertEquals("public, max-age=29030400, immutable", header(r, "Cache-Control"));
    assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    assertEquals("/ipfs/" + c, header(r, "X-Ipfs-Path"));
    assertEquals(c.toString(), header(r, "X-Ipfs-Roots"));
    assertEquals("Accept", header(r, "Vary"));
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    assertEquals(null, header(r, "Content-Location"), "format in the URL: nothing to point at");
  }

  @Test
  void rawByAcceptPointsAtTheFormatUrl() throws Exception {
    Cid c = hello.cid();
    var r = gw.get("/ipfs/" + c, "Accept", "application/vnd.ipld.raw");
    assertEquals(200, r.statusCode());
    assertArrayEquals(gw.store.get(c), r.body());
    assertEquals("/ipfs/" + c + "?format=raw", header(r, "Content-Location"));
  }

  @Test
  void rawWithPathServesTheResolvedBlock() throws Exception {
    var r = gw.get("/ipfs/" + root.cid() + "/sub/hello.txt?format=raw&filename=x.bin");
    assertEquals(200, r.statusCode());
    assertArrayEquals(gw.store.get(hello.cid()), r.body());
    assertEquals("\"" + hello.cid() + ".raw\"", header(r, "Etag"));
    assertEquals("attachment; filename=\"x.bin\"", header(r, "Content-Disposition"));
    assertEquals(root.cid() + "," + sub.cid() + "," + hello.cid(), header(r, "X-Ipfs-Roots"));
    assertEquals("/ipfs/" + root.cid() + "/sub/hello.txt", header(r, "X-Ipfs-Path"));
  }

  @Test
  void formatParameterWinsOverAccept() throws Exception {
    var r = gw.get("/ipfs/" + hello.cid() + "?format=raw", "Accept", "application/vnd.ipld.car");
    assertEquals("application/vnd.ipld.raw", header(r, "Content-Type"));
    var c = gw.get("/ipfs/" + hello.cid() + "?format=car", "Accept", "application/vnd.ipld.raw");
    assertTrue(header(c, "Content-Type").startsWith("application/vnd.ipld.car"));
  }

  @Test
  void carWithEveryHeader() throws Exception {
    Cid c = root.cid();
    var r = gw.get("/ipfs/" + c + "?format=car");
    assertEquals(200, r.statusCode());
    assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(r, "Content-Type"));
    assertEquals("attachment; filename=\"" + c + ".car\"", header(r, "Content-Disposition"));
    String etag = header(r, "Etag");
    assertTrue(etag.matches("\"" + c + "\\.car\\.[0-9a-f]{16}\""), etag);
    assertEquals("public, max-age=29030400, immutable", header(r, "Cache-Control"));
    assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    assertEquals("none", header(r, "Accept-Ranges"));
    assertEquals("/ipfs/" + c, header(r, "X-Ipfs-Path"));
    assertEquals(c.toString(), header(r, "X-Ipfs-Roots"));
    assertEquals("Accept", header(r, "Vary"));
    assertEquals(List.of(c), GatewayFixture.carRoots(r.body()));
    // the whole DAG, depth-first: root, sub, hello.txt, top.txt
    List<Cid> expected = List.of(c, sub.cid(), hello.cid(), gw.links(c).get(1));
    assertEquals(expected, GatewayFixture.cids(GatewayFixture.carBlocks(r.body())));
  }

  @Test
  void carParametersFromAcceptAndQuery() throws Exception {
    String path = "/ipfs/" + hello.cid();
    var a = gw.get(path, "Accept", "application/vnd.ipld.car; version=1; order=dfs; dups=y");
    assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=y", header(a, "Content-Type"));
    assertEquals(path + "?format=car", header(a, "Content-Location"));
    var q = gw.get(path + "?format=car&car-dups=y&car-version=1&car-order=unk");
    assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=y", header(q, "Content-Type"));
    var over = gw.get(path + "?format=car&car-dups=n", "Accept", "application/vnd.ipld.car; dups=y");
    assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(over, "Content-Type"));
    var fallback = gw.get(path, "Accept", "application/vnd.ipld.car; version=2, application/vnd.ipld.raw;q=0.5");
    assertEquals("application/vnd.ipld.raw", header(fallback, "Content-Type"));
  }

  @Test
  void etagsDifferByScopeRangeAndDups() throws Exception {
    String p = "/ipfs/" + root.cid() + "?format=car";
    Set<String> tags = new HashSet<>();
    for (String q : List.of("", "&dag-scope=block", "&dag-scope=entity", "&entity-bytes=0:10", "&entity-bytes=0:*",
        "&car-dups=y")) {
      tags.add(header(gw.head(p + q), "Etag"));
    }
    tags.add(header(gw.head("/ipfs/" + root.cid() + "/sub?format=car"), "Etag"));
    assertEquals(7, tags.size(), tags.toString());
    assertEquals(header(gw.head(p), "Etag"), header(gw.head(p + "&dag-scope=all&car-dups=n"), "Etag"),
        "the defaults are the same CAR");
  }

  @Test
  void headSendsHeadersOnly() throws Exception {
    var raw = gw.head("/ipfs/" + hello.cid() + "?format=raw");
    assertEquals(200, raw.statusCode());
    assertEquals(0, raw.body().length);
    assertEquals(Integer.toString(gw.store.get(hello.cid()).length), header(raw, "Content-Length"));
    assertEquals("\"" + hello.cid() + ".raw\"", header(raw, "Etag"));
    var car = gw.head("/ipfs/" + root.cid() + "?format=car");
    assertEquals(200, car.statusCode());
    assertEquals(0, car.body().length);
    assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(car, "Content-Type"));
    assertEquals(404, gw.head("/ipfs/" + missing + "?format=raw").statusCode());
  }

  @Test
  void ifNoneMatchGives304WithoutBody() throws Exception {
    String raw = "/ipfs/" + hello.cid() + "?format=raw";
    String etag = header(gw.get(raw), "Etag");
    var r = gw.get(raw, "If-None-Match", etag);
    assertEquals(304, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals(etag, header(r, "Etag"));
    assertEquals(304, gw.get(raw, "If-None-Match", "\"other\", " + etag).statusCode());
    assertEquals(304, gw.get(raw, "If-None-Match", "*").statusCode());
    assertEquals(200, gw.get(raw, "If-None-Match", "\"" + hello.cid() + "\"").statusCode());
    String car = "/ipfs/" + root.cid() + "?format=car&dag-scope=entity";
    String carTag = header(gw.head(car), "Etag");
    var c = gw.get(car, "If-None-Match", "W/" + carTag);
    assertEquals(304, c.statusCode());
    assertEquals(0, c.body().length);
    assertEquals(200, gw.get("/ipfs/" + root.cid() + "?format=car", "If-None-Match", carTag).statusCode());
  }

  @Test
  void probeIdentityCid() throws Exception {
    var plain = gw.get("/ipfs/bafkqaaa");
    assertEquals(200, plain.statusCode());
    assertEquals(0, plain.body().length);
    var raw = gw.get("/ipfs/bafkqaaa?format=raw");
    assertEquals(200, raw.statusCode());
    assertEquals(0, raw.body().length);
    assertEquals(200, gw.head("/ipfs/bafkqaaa", "Accept", "application/vnd.ipld.raw").statusCode());
    var car = gw.get("/ipfs/bafkqaaa?format=car");
    assertEquals(200, car.statusCode());
    assertEquals(List.of(Cid.parse("bafkqaaa")), GatewayFixture.carRoots(car.body()));
    assertEquals(List.of(), GatewayFixture.carBlocks(car.body()), "identity blocks are never written");
  }

  @Test
  void statusCodes() throws Exception {
    assertStatus(400, gw.get("/ipfs/not-a-cid?format=raw"), "not a valid CID");
    assertStatus(400, gw.get("/ipfs/?format=raw"), "no CID");
    assertStatus(404, gw.get("/ipfs/" + missing + "?format=raw"), "not held");
    assertStatus(404, gw.get("/ipfs/" + missing + "?format=car"), "not held");
    assertStatus(404, gw.get("/ipfs/" + root.cid() + "/nope?format=car"), "no entry 'nope'");
    assertStatus(404, gw.get("/ipfs/" + root.cid() + "/top.txt/deeper?format=raw"), "not a directory");
    assertStatus(412, gw.get("/ipfs/" + missing + "?format=raw", "Cache-Control", "only-if-cached"), "not held");
    assertEquals(200, gw.get("/ipfs/" + hello.cid() + "?format=raw", "Cache-Control", "only-if-cached").statusCode());
    assertStatus(406, gw.get("/ipfs/" + hello.cid(), "Accept", "application/vnd.ipld.car; version=2"), "version");
    assertStatus(406, gw.get("/ipfs/" + hello.cid() + "?format=car&car-version=2"), "version");
    assertStatus(406, gw.get("/ipfs/" + hello.cid() + "?format=tar"), "format=tar");
    assertStatus(406, gw.get("/ipfs/" + hello.cid() + "?format=nonsense"), "format=nonsense");
    assertStatus(406, gw.get("/ipfs/" + hello.cid(), "Accept", "application/x-tar"), "not served");
    assertStatus(406, gw.get("/ipfs/" + hello.cid() + "?format=car&car-order=weird"), "order");
    assertStatus(400, gw.get("/ipfs/" + hello.cid() + "?format=car&car-dups=maybe"), "dups");
    assertStatus(400, gw.get("/ipfs/" + hello.cid() + "?format=car&car-version=one"), "version");
    assertStatus(400, gw.get("/ipfs/" + hello.cid() + "?format=car&dag-scope=everything"), "dag-scope");
    assertStatus(400, gw.get("/ipfs/" + hello.cid() + "?format=car&entity-bytes=10:5"), "entity-bytes");
    assertStatus(400, gw.get("/ipfs/" + hello.cid() + "?format=car&entity-bytes=abc"), "entity-bytes");
    assertStatus(405, gw.send("POST", "/ipfs/" + hello.cid()), "read-only");
    assertStatus(405, gw.send("DELETE", "/ipfs/" + hello.cid()), "read-only");
    var options = gw.send("OPTIONS", "/ipfs/" + hello.cid());
    assertEquals(204, options.statusCode());
    assertEquals("GET, HEAD, OPTIONS", header(options, "Allow"));
  }

  @Test
  void errorsAreShortPlainTextAndNotCached() throws Exception {
    var r = gw.get("/ipfs/" + missing + "?format=raw");
    assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
    assertEquals(null, header(r, "Cache-Control"));
    assertEquals(null, header(r, "Etag"));
    String text = new String(r.body());
    assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
  }

  @Test
  void pathIntoDagCborIsNotImplemented() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", hello.cid());
    Block cbor = Block.create(1, Multicodec.DAG_CBOR, DagCbor.encode(m));
    gw.store.put(cbor);
    assertStatus(501, gw.get("/ipfs/" + cbor.cid() + "/file?format=car"), "dag-cbor");
    var all = gw.get("/ipfs/" + cbor.cid() + "?format=car");
    assertEquals(List.of(cbor.cid(), hello.cid()), GatewayFixture.cids(GatewayFixture.carBlocks(all.body())),
        "dag-scope=all follows DAG-CBOR links");
    var entity = gw.get("/ipfs/" + cbor.cid() + "?format=car&dag-scope=entity");
    assertEquals(List.of(cbor.cid()), GatewayFixture.cids(GatewayFixture.carBlocks(entity.body())),
        "entity of non-UnixFS data is the block");
  }

  @Test
  void bytesSentAreCounted() throws Exception {
    double before = sentBytes();
    var r = gw.get("/ipfs/" + root.cid() + "?format=car");
    assertEquals(200, r.statusCode());
    assertEquals(before + r.body().length, sentBytes(), 0.0);
  }

  private static double sentBytes() {
    for (String line : gw.metrics.scrape().split("\n")) {
      if (line.startsWith("cairn_http_sent_bytes_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no cairn_http_sent_bytes_total in the scrape");
  }

  static void assertStatus(int status, HttpResponse<byte[]> r, String textPart) {
    String body = new String(r.body());
    assertEquals(status, r.statusCode(), body);
    assertTrue(body.toLowerCase().contains(textPart.toLowerCase()), "'" + textPart + "' not in: " + body);
    assertFalse(body.contains("<html"), "errors are plain text");
    assertNotEquals(null, r.headers().firstValue("Content-Type").orElse(null));
  }
}
