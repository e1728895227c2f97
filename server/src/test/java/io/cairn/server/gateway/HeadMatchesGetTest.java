package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEAD answers with GET's status and headers (RFC 9110 §9.3.2) and no body; in particular it
 * never claims a Content-Length that GET does not send: streamed bodies (CARs, listings) have
 * none on either, bodies of known length (files, blocks, ranges) the same one on both.
 */
class HeadMatchesGetTest {
  static final List<String> COMPARED = List.of("Content-Type", "Content-Length", "Transfer-Encoding", "Etag",
      "Cache-Control", "Content-Disposition", "X-Content-Type-Options", "X-Ipfs-Path", "X-Ipfs-Roots",
      "Content-Range", "Accept-Ranges", "Content-Location", "Location");

  static GatewayFixture gw;
  static ImportedNode big;
  static ImportedNode dir;

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture();
    big = gw.file(GatewayFixture.random(300_000, 7), ImportOptions.builder().chunkSize(10_000).build());
    dir = gw.dir(Map.of("big.bin", big, "a.txt", gw.file("a"), "sub", gw.dir(Map.of("b.txt", gw.file("b")))));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  /** A header value without the multipart boundary, which is random per response (of fixed length). */
  static String comparable(String value) {
    return value == null ? null : value.replaceAll("boundary=\\S+", "boundary=…");
  }

  /** Sends GET then HEAD and checks they agree; returns the GET. */
  static HttpResponse<byte[]> same(String path, String... headers) throws Exception {
    var get = gw.get(path, headers);
    var head = gw.head(path, headers);
    assertEquals(get.statusCode(), head.statusCode(), path);
    assertEquals(0, head.body().length, path + ": HEAD has no body");
    for (String h : COMPARED) {
      assertEquals(comparable(header(get, h)), comparable(header(head, h)), path + ": " + h);
    }
    String length = header(head, "Content-Length");
    if (length != null) {
      assertEquals(get.body().length, Long.parseLong(length), path + ": HEAD's Content-Length is GET's body length");
    }
    return get;
  }

  @Test
  void carHasNoLengthOnEither() throws Exception {
    var get = same("/ipfs/" + dir.cid() + "?format=car");
    assertEquals(200, get.statusCode());
    assertNull(header(get, "Content-Length"));
    assertNull(header(gw.head("/ipfs/" + dir.cid(), "Accept", "application/vnd.ipld.car"), "Content-Length"));
  }

  @Test
  void listingHasNoLengthOnEither() throws Exception {
    var get = same("/ipfs/" + dir.cid() + "/");
    assertEquals(200, get.statusCode());
    assertNull(header(get, "Content-Length"));
    same("/ipfs/" + dir.cid() + "/sub/");
  }

  @Test
  void knownLengthsAreSentOnBoth() throws Exception {
    var file = same("/ipfs/" + dir.cid() + "/big.bin");
    assertEquals("300000", header(file, "Content-Length"));
    var raw = same("/ipfs/" + big.cid() + "?format=raw");
    assertEquals(Integer.toString(gw.store.get(big.cid()).length), header(raw, "Content-Length"));
    same("/ipfs/" + dir.cid() + "/a.txt");
    same("/ipfs/" + dir.cid() + "/big.bin", "Range", "bytes=5-9");
    same("/ipfs/" + dir.cid() + "/big.bin", "Range", "bytes=0-1,400-500");
    same("/ipfs/" + big.cid() + "?format=raw", "Range", "bytes=-3");
    same("/ipfs/" + dir.cid() + "/big.bin", "Range", "bytes=999999-");
  }

  @Test
  void bodylessAnswersAgree() throws Exception {
    same("/ipfs/" + dir.cid() + "/sub"); // 301
    same("/ipfs/" + dir.cid() + "/a.txt", "If-None-Match", "\"" + gw.dir(Map.of()).cid() + "\", *"); // 304
    same("/ipfs/" + dir.cid() + "/missing"); // 404
  }
}
