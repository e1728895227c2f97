package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.Multicodec;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deserialized responses: files with types and ranges, directories, listings, symlinks, unsafe paths. */
class PathGatewayTest {
  static GatewayFixture gw;
  static byte[] big;
  static ImportedNode bigFile;
  static ImportedNode text;
  static Cid dir;
  static Cid site;
  static Cid hamt;
  static final String ODD_NAME = "<b>&\"quote\" 'x'.txt";

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture();
    big = GatewayFixture.random(200_000, 3);
    bigFile = gw.file(big, ImportOptions.builder().chunkSize(1000).maxLinks(8).build());
    text = gw.file("plain words\n");
    byte[] png = new byte[64];
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
    Map<String, ImportedNode> entries = new HashMap<>();
    entries.put("big.bin", bigFile);
    entries.put("notes", text);
    entries.put("page.html", gw.file("<p>not sniffed: named</p>"));
    entries.put("picture", gw.file(png, ImportOptions.defaults()));
    entries.put("data", gw.file("{\"a\": 1}"));
    entries.put("empty", gw.file(new byte[0], ImportOptions.defaults()));
    entries.put(ODD_NAME, gw.file("odd"));
    entries.put("link", gw.symlink("../../etc/passwd"));
    entries.put("sub", gw.dir(Map.of("deep.txt", gw.file("deep"))));
    dir = gw.dir(entries).cid();
    site = gw.dir(Map.of("index.html", gw.file("<!doctype html><title>home</title>"),
        "about.txt", gw.file("about"))).cid();
    Map<String, ImportedNode> many = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      many.put("f" + i, gw.file("x" + i));
    }
    hamt = gw.dir(many, 1).cid();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void fileWithItsHeaders() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/big.bin", "Accept", "text/html,*/*;q=0.8");
    assertEquals(200, r.statusCode());
    assertArrayEquals(big, r.body());
    assertEquals("application/octet-stream", header(r, "Content-Type"));
    assertEquals("200000", header(r, "Content-Length"));
    assertEquals("bytes", header(r, "Accept-Ranges"));
    assertEquals("\"" + bigFile.cid() + "\"", header(r, "Etag"));
    assertEquals("public, max-age=29030400, immutable", header(r, "Cache-Control"));
    assertEquals("/ipfs/" + dir + "/big.bin", header(r, "X-Ipfs-Path"));
    assertEquals(dir + "," + bigFile.cid(), header(r, "X-Ipfs-Roots"));
    assertNull(header(r, "Content-Disposition"));
  }

  @Test
  void contentTypeByNameThenBySniffing() throws Exception {
    assertEquals("text/html; charset=utf-8", header(gw.get("/ipfs/" + dir + "/page.html"), "Content-Type"));
    assertEquals("text/plain; charset=utf-8", header(gw.get("/ipfs/" + dir + "/notes"), "Content-Type"));
    assertEquals("image/png", header(gw.get("/ipfs/" + dir + "/picture"), "Content-Type"));
    assertEquals("application/json", header(gw.get("/ipfs/" + dir + "/data"), "Content-Type"));
    assertEquals("text/plain; charset=utf-8", header(gw.get("/ipfs/" + text.cid()), "Content-Type"));
    var pdf = gw.get("/ipfs/" + text.cid() + "?filename=report.pdf");
    assertEquals("application/pdf", header(pdf, "Content-Type"));
    assertEquals("inline; filename=\"report.pdf\"", header(pdf, "Content-Disposition"));
    var dl = gw.get("/ipfs/" + text.cid() + "?filename=" + "r%C3%A9sum%C3%A9.txt&download=true");
    assertEquals("attachment; filename=\"r_sum_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
        header(dl, "Content-Disposition"));
  }

  @Test
  void emptyFile() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/empty");
    assertEquals(200, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals("0", header(r, "Content-Length"));
    assertEquals(416, gw.get("/ipfs/" + dir + "/empty", "Range", "bytes=0-0").statusCode());
  }

  @Test
  void headOfAFile() throws Exception {
    var r = gw.head("/ipfs/" + dir + "/big.bin");
    assertEquals(200, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals("200000", header(r, "Content-Length"));
    assertEquals("\"" + bigFile.cid() + "\"", header(r, "Etag"));
  }

  @Test
  void ifNoneMatchOnAFile() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/big.bin", "If-None-Match", "\"" + bigFile.cid() + "\"");
    assertEquals(304, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals(200, gw.get("/ipfs/" + dir + "/big.bin", "If-None-Match", "\"" + text.cid() + "\"").statusCode());
  }

  @Test
  void singleRanges() throws Exception {
    String p = "/ipfs/" + dir + "/big.bin";
    var r = gw.get(p, "Range", "bytes=1500-2600");
    assertEquals(206, r.statusCode());
    assertEquals("bytes 1500-2600/200000", header(r, "Content-Range"));
    assertEquals("1101", header(r, "Content-Length"));
    assertArrayEquals(Arrays.copyOfRange(big, 1500, 2601), r.body());
    var suffix = gw.get(p, "Range", "bytes=-10");
    assertEquals("bytes 199990-199999/200000", header(suffix, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(big, 199_990, 200_000), suffix.body());
    var open = gw.get(p, "Range", "bytes=199000-");
    assertArrayEquals(Arrays.copyOfRange(big, 199_000, 200_000), open.body());
    var clipped = gw.get(p, "Range", "bytes=199999-300000");
    assertEquals("bytes 199999-199999/200000", header(clipped, "Content-Range"));
    var head = gw.head(p, "Range", "bytes=0-99");
    assertEquals(206, head.statusCode());
    assertEquals("100", header(head, "Content-Length"));
    assertEquals(0, head.body().length);
  }

  @Test
  void rangeReadsOnlyTheBlocksItNeeds() throws Exception {
    double before = blocksRead();
    var r = gw.get("/ipfs/" + bigFile.cid(), "Range", "bytes=150000-150009");
    assertEquals(206, r.statusCode());
    double read = blocksRead() - before;
    // root path (resolve + stat + sniff of the first leaf path) plus the path to one leaf: far from 200+ blocks
    assertTrue(read < 20, "read " + read + " blocks for 10 bytes");
  }

  private static double blocksRead() {
    for (String line : gw.metrics.scrape().split("\n")) {
      if (line.startsWith("cairn_blocks_read_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no cairn_blocks_read_total");
  }

  @Test
  void multipleRangesAreMultipart() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/big.bin", "Range", "bytes=0-4, 100000-100009,-3");
    assertEquals(206, r.statusCode());
    String type = header(r, "Content-Type");
    Matcher m = Pattern.compile("multipart/byteranges; boundary=(\\S+)").matcher(type);
    assertTrue(m.matches(), type);
    assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
    List<byte[]> parts = new ArrayList<>();
    List<String> ranges = new ArrayList<>();
    String body = new String(r.body(), StandardCharsets.ISO_8859_1);
    String delimiter = "\r\n--" + m.group(1);
    assertTrue(body.endsWith(delimiter + "--\r\n"));
    for (String part : body.substring(0, body.length() - delimiter.length() - 4).split(Pattern.quote(delimiter))) {
      if (part.isEmpty()) {
        continue;
      }
      int blank = part.indexOf("\r\n\r\n");
      String headers = part.substring(0, blank);
      assertTrue(headers.contains("Content-Type: application/octet-stream"), headers);
      Matcher cr = Pattern.compile("Content-Range: (bytes \\d+-\\d+/\\d+)").matcher(headers);
      assertTrue(cr.find(), headers);
      ranges.add(cr.group(1));
      parts.add(part.substring(blank + 4).getBytes(StandardCharsets.ISO_8859_1));
    }
    assertEquals(List.of("bytes 0-4/200000", "bytes 100000-100009/200000", "bytes 199997-199999/200000"), ranges);
    assertArrayEquals(Arrays.copyOfRange(big, 0, 5), parts.get(0));
    assertArrayEquals(Arrays.copyOfRange(big, 100_000, 100_010), parts.get(1));
    assertArrayEquals(Arrays.copyOfRange(big, 199_997, 200_000), parts.get(2));
  }

  @Test
  void unsatisfiableAndIgnoredRanges() throws Exception {
    String p = "/ipfs/" + dir + "/big.bin";
    var r = gw.get(p, "Range", "bytes=200000-200010");
    assertEquals(416, r.statusCode());
    assertEquals("bytes */200000", header(r, "Content-Range"));
    assertEquals(416, gw.get(p, "Range", "bytes=-0").statusCode());
    assertEquals(200, gw.get(p, "Range", "bytes=5-1").statusCode(), "invalid: ignored");
    assertEquals(200, gw.get(p, "Range", "lines=1-2").statusCode(), "other units: ignored");
    assertEquals(200, gw.get(p, "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode());
    assertEquals(206, gw.get(p, "Range", "bytes=0-1", "If-Range", "\"" + bigFile.cid() + "\"").statusCode());
  }

  @Test
  void directoryWithoutSlashRedirects() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/sub?x=1");
    assertEquals(301, r.statusCode());
    assertEquals("/ipfs/" + dir + "/sub/?x=1", header(r, "Location"));
    var root = gw.get("/ipfs/" + dir);
    assertEquals(301, root.statusCode());
    assertEquals("/ipfs/" + dir + "/", header(root, "Location"));
    assertEquals(200, gw.get("/ipfs/" + dir + "/sub/deep.txt").statusCode());
  }

  @Test
  void directoryWithIndexHtmlServesIt() throws Exception {
    var r = gw.get("/ipfs/" + site + "/");
    assertEquals(200, r.statusCode());
    assertEquals("<!doctype html><title>home</title>", new String(r.body()));
    assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
    assertEquals(site.toString(), header(r, "X-Ipfs-Roots"));
  }

  @Test
  void listingOfAPlainDirectory() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
    assertEquals("\"DirIndex-" + DirectoryListing.VERSION + "_CID-" + dir + "\"", header(r, "Etag"));
    String html = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(html.contains("<a href=\"./big.bin\">big.bin</a>"), html);
    assertTrue(html.contains("href=\"/ipfs/" + bigFile.cid() + "\""), html);
    assertTrue(html.contains("&lt;b&gt;&amp;&quot;quote&quot; &#39;x&#39;.txt"), html);
    assertTrue(html.contains("href=\"./%3Cb%3E%26%22quote%22%20%27x%27.txt\""), html);
    assertFalse(html.contains("<b>&"), "names are escaped");
    assertFalse(html.contains("href=\"../\""), "no parent above the root");
    var sub = new String(gw.get("/ipfs/" + dir + "/sub/").body(), StandardCharsets.UTF_8);
    assertTrue(sub.contains("href=\"../\""), sub);
    assertTrue(sub.contains("Index of /ipfs/" + dir + "/sub/"), sub);
    assertEquals(304, gw.get("/ipfs/" + dir + "/", "If-None-Match", header(r, "Etag")).statusCode());
    var odd = gw.get("/ipfs/" + dir + "/" + Html.percentEncode(ODD_NAME));
    assertEquals("odd", new String(odd.body()), "the listing's link resolves");
  }

  @Test
  void listingOfAHamtDirectory() throws Exception {
    String html = new String(gw.get("/ipfs/" + hamt + "/").body(), StandardCharsets.UTF_8);
    for (int i = 0; i < 300; i++) {
      assertTrue(html.contains("<a href=\"./f" + i + "\">f" + i + "</a>"), "f" + i);
    }
    assertTrue(html.contains("300 entries"));
    assertEquals("x123", new String(gw.get("/ipfs/" + hamt + "/f123").body()));
  }

  @Test
  void symlinkIsItsTargetAsText() throws Exception {
    var r = gw.get("/ipfs/" + dir + "/link");
    assertEquals(200, r.statusCode());
    assertEquals("../../etc/passwd", new String(r.body()));
    assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
  }

  @Test
  void dagCborIsServedAsIs() throws Exception {
    Block cbor = Block.create(1, Multicodec.DAG_CBOR, DagCbor.encode(Map.of("n", 1L)));
    gw.store.put(cbor);
    var r = gw.get("/ipfs/" + cbor.cid());
    assertEquals(200, r.statusCode());
    assertEquals("application/vnd.ipld.dag-cbor", header(r, "Content-Type"));
    assertArrayEquals(cbor.data(), r.body());
    Block other = Block.create(1, Multicodec.of(0x0200), "{}".getBytes());
    gw.store.put(other);
    TrustlessGatewayTest.assertStatus(501, gw.get("/ipfs/" + other.cid()), "format=raw");
    assertEquals(200, gw.get("/ipfs/" + other.cid() + "?format=raw").statusCode());
  }

  /**
   * Jetty's URI compliance refuses most of these (encoded dots and slashes, empty segments, NUL,
   * bad UTF-8) with its own 400 before the gateway sees them; {@link ContentPathTest} covers the
   * gateway's own checks of the same cases.
   */
  @Test
  void pathsThatCouldEscapeAreRefused() throws Exception {
    String base = "/ipfs/" + dir;
    for (String p : List.of("/sub/../notes", "/%2e%2e/notes", "/sub/%2E", "/sub%2Fdeep.txt", "//notes",
        "/sub//deep.txt", "/notes%00", "/%ff")) {
      var r = gw.get(base + p);
      assertEquals(400, r.statusCode(), p + ": " + new String(r.body()));
    }
    assertEquals(400, gw.get("/ipfs/..%2f..%2fetc%2fpasswd").statusCode());
    assertEquals(404, gw.get(base + "/etc/passwd").statusCode(), "names are looked up in the DAG only");
  }

  @Test
  void dotSegmentsRedirectToThePathWithoutThem() throws Exception {
    String base = "/ipfs/" + dir;
    var r = gw.get(base + "/./notes?x=1");
    assertEquals(301, r.statusCode());
    assertEquals(base + "/notes?x=1", r.headers().firstValue("Location").orElseThrow());
    assertEquals(base + "/sub/", gw.get(base + "/sub/.").headers().firstValue("Location").orElseThrow());
    var up = gw.get(base + "/./../notes");
    assertEquals(base + "/../notes", up.headers().firstValue("Location").orElseThrow(), "'..' is kept");
    assertEquals(400, gw.get(base + "/../notes").statusCode(), "and refused where the redirect leads");
  }

  @Test
  void namesWithSpecialCharactersResolve() throws Exception {
    ImportedNode f = gw.file("spaced");
    Cid d = gw.dir(Map.of("a b+c;d=é.txt", f)).cid();
    var r = gw.get("/ipfs/" + d + "/a%20b+c;d=%C3%A9.txt");
    assertEquals(200, r.statusCode(), new String(r.body()));
    assertEquals("spaced", new String(r.body()));
    assertEquals("/ipfs/" + d + "/a%20b+c;d=%C3%A9.txt", header(r, "X-Ipfs-Path"));
  }

  @Test
  void serviceWorkerOnlyUnderTheTrailingSlash() throws Exception {
    assertEquals(400, gw.get("/ipfs/" + text.cid(), "Service-Worker", "script").statusCode());
  }
}
