package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Range on {@code application/vnd.ipld.raw} responses: the block's bytes are the representation. */
class RawRangeTest {
  static GatewayFixture gw;
  static byte[] data;
  static Cid cid;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture();
    data = GatewayFixture.random(5000, 11);
    Block b = Block.create(1, Multicodec.RAW, data);
    gw.store.put(b);
    cid = b.cid();
    url = "/ipfs/" + cid + "?format=raw";
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void wholeBlockAdvertisesRanges() throws Exception {
    var r = gw.get(url);
    assertEquals(200, r.statusCode());
    assertEquals("bytes", header(r, "Accept-Ranges"));
    assertArrayEquals(data, r.body());
  }

  @Test
  void singleRange() throws Exception {
    var r = gw.get(url, "Range", "bytes=6-16");
    assertEquals(206, r.statusCode());
    assertEquals("bytes 6-16/5000", header(r, "Content-Range"));
    assertEquals("11", header(r, "Content-Length"));
    assertEquals("application/vnd.ipld.raw", header(r, "Content-Type"));
    assertEquals("\"" + cid + ".raw\"", header(r, "Etag"));
    assertArrayEquals(Arrays.copyOfRange(data, 6, 17), r.body());
    var suffix = gw.get(url, "Range", "bytes=-100");
    assertEquals("bytes 4900-4999/5000", header(suffix, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(data, 4900, 5000), suffix.body());
    var open = gw.get("/ipfs/" + cid, "Accept", "application/vnd.ipld.raw", "Range", "bytes=4990-");
    assertEquals(206, open.statusCode());
    assertArrayEquals(Arrays.copyOfRange(data, 4990, 5000), open.body());
    var head = gw.head(url, "Range", "bytes=0-99");
    assertEquals(206, head.statusCode());
    assertEquals("100", header(head, "Content-Length"));
    assertEquals("bytes 0-99/5000", header(head, "Content-Range"));
  }

  @Test
  void multipleRangesAreMultipart() throws Exception {
    var r = gw.get(url, "Range", "bytes=0-9,1000-1009");
    assertEquals(206, r.statusCode());
    Matcher m = Pattern.compile("multipart/byteranges; boundary=(\\S+)").matcher(header(r, "Content-Type"));
    assertTrue(m.matches(), header(r, "Content-Type"));
    assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
    String body = new String(r.body(), StandardCharsets.ISO_8859_1);
    String b = m.group(1);
    String expected = "\r\n--" + b + "\r\nContent-Type: application/vnd.ipld.raw\r\n"
        + "Content-Range: bytes 0-9/5000\r\n\r\n"
        + new String(data, 0, 10, StandardCharsets.ISO_8859_1)
        + "\r\n--" + b + "\r\nContent-Type: application/vnd.ipld.raw\r\nContent-Range: bytes 1000-1009/5000\r\n\r\n"
        + new String(data, 1000, 10, StandardCharsets.ISO_8859_1)
        + "\r\n--" + b + "--\r\n";
    assertEquals(expected, body);
  }

  @Test
  void unsatisfiableIs416() throws Exception {
    var r = gw.get(url, "Range", "bytes=5000-6000");
    assertEquals(416, r.statusCode());
    assertEquals("bytes */5000", header(r, "Content-Range"));
    assertNull(header(r, "Cache-Control"));
    assertEquals(416, gw.head(url, "Range", "bytes=7000-").statusCode());
  }

  @Test
  void ignoredRangesSendTheWholeBlock() throws Exception {
    assertEquals(200, gw.get(url, "Range", "bytes=9-1").statusCode(), "invalid: ignored");
    assertEquals(200, gw.get(url, "Range", "bytes=0-1", "If-Range", "\"" + cid + "\"").statusCode(),
        "If-Range names another representation's Etag");
    assertEquals(206, gw.get(url, "Range", "bytes=0-1", "If-Range", "\"" + cid + ".raw\"").statusCode());
  }
}
