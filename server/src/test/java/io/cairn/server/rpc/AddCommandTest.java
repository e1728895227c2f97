package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.codec.BlockSink;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.unixfs.DirectoryEntry;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixTime;
import io.cairn.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code add} over HTTP gives the importer's CIDs, in Kubo's order, and pins as Kubo does. */
class AddCommandTest {
  static final byte[] A = "hello world".getBytes(StandardCharsets.UTF_8);
  static final byte[] B = "b".repeat(1000).getBytes(StandardCharsets.UTF_8);
  static final byte[] C = random(700_000, 7);

  TestNode node;

  @BeforeEach
  void start() throws IOException {
    node = new TestNode();
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The tree a.txt, dir/b.txt, dir/sub/c.bin as the importer builds it directly. */
  record Tree(ImportedNode a, ImportedNode b, ImportedNode c, ImportedNode sub, ImportedNode dir) {
    static Tree of(ImportOptions options) throws IOException {
      try (UnixfsImporter imp = new UnixfsImporter(options, BlockSink.DISCARD)) {
        ImportedNode a = imp.file(new ByteArrayInputStream(A), Metadata.NONE);
        ImportedNode b = imp.file(new ByteArrayInputStream(B), Metadata.NONE);
        ImportedNode c = imp.file(new ByteArrayInputStream(C), Metadata.NONE);
        ImportedNode sub = imp.directory(List.of(new DirectoryEntry("c.bin", c)), Metadata.NONE);
        ImportedNode dir = imp.directory(List.of(new DirectoryEntry("b.txt", b), new DirectoryEntry("sub", sub)),
            Metadata.NONE);
        return new Tree(a, b, c, sub, dir);
      }
    }
  }

  private static void assertEvent(JsonNode e, String name, ImportedNode node) {
    assertEquals(name, e.get("Name").asText(), e.toString());
    assertEquals(node.cid().toString(), e.get("Hash").asText(), e.toString());
    assertEquals(Long.toString(node.tsize()), e.get("Size").asText(), e.toString());
  }

  private static Multipart tree() {
    return new Multipart().dir("dir").file("dir/b.txt", B).dir("dir/sub").file("dir/sub/c.bin", C).file("a.txt", A);
  }

  @Test
  void multiFileUploadGivesTheImportersCidsInKubosOrder() throws IOException {
    Tree t = Tree.of(ImportOptions.defaults());
    HttpResponse<String> r = node.post("add", tree());
    assertEquals("1", r.headers().firstValue("X-Chunked-Output").orElse(""));
    List<JsonNode> events = TestNode.lines(r);
    assertEquals(5, events.size(), r.body());
    assertEvent(events.get(0), "dir/b.txt", t.b());
    assertEvent(events.get(1), "dir/sub/c.bin", t.c());
    assertEvent(events.get(2), "dir/sub", t.sub());
    assertEvent(events.get(3), "dir", t.dir());
    assertEvent(events.get(4), "a.txt", t.a());
    // each top-level entry is a root, pinned recursively, as Kubo pins each argument
    List<Pin> pins = new ArrayList<>(node.store.pins());
    pins.sort(Comparator.comparing(p -> p.cid().toString()));
    List<Pin> expected = new ArrayList<>(List.of(new Pin(t.dir().cid(), PinMode.RECURSIVE, ""),
        new Pin(t.a().cid(), PinMode.RECURSIVE, "")));
    expected.sort(Comparator.comparing(p -> p.cid().toString()));
    assertEquals(expected, pins);
    assertEquals(TestNode.utf8(C), TestNode.utf8(node.postBytes("cat?arg=" + t.dir().cid() + "/sub/c.bin").body()));
    assertTrue(node.node.metrics().scrape().matches("(?s).*cairn_blocks_stored_total [1-9].*"));
  }

  @Test
  void wrapWithDirectoryCreatesImplicitParentsAndPinsTheWrapperOnly() throws IOException {
    Tree t = Tree.of(ImportOptions.defaults());
    ImportedNode wrapper;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), BlockSink.DISCARD)) {
      wrapper = imp.directory(List.of(new DirectoryEntry("a.txt", t.a()), new DirectoryEntry("dir", t.dir())),
          Metadata.NONE);
    }
    // no directory parts at all: kubo-rpc-client sends only files for [{path, content}] input
    Multipart m = new Multipart().file("a.txt", A).file("dir/b.txt", B).file("dir/sub/c.bin", C);
    List<JsonNode> events = TestNode.lines(node.post("add?wrap-with-directory=true&pin-name=mine", m));
    assertEquals(6, events.size());
    assertEvent(events.get(0), "a.txt", t.a());
    assertEvent(events.get(1), "dir/b.txt", t.b());
    assertEvent(events.get(2), "dir/sub/c.bin", t.c());
    assertEvent(events.get(3), "dir/sub", t.sub());
    assertEvent(events.get(4), "dir", t.dir());
    assertEvent(events.get(5), "", wrapper);
    assertEquals(List.of(new Pin(wrapper.cid(), PinMode.RECURSIVE, "mine")), node.store.pins());
  }

  @Test
  void onlyHashStoresNothingAndPinFalseStoresWithoutPinning() throws IOException {
    Tree t = Tree.of(ImportOptions.defaults());
    List<JsonNode> events = TestNode.lines(node.post("add?only-hash=true", tree()));
    assertEvent(events.get(3), "dir", t.dir());
    assertEquals(0, blockCount());
    assertEquals(List.of(), node.store.pins());

    TestNode.lines(node.post("add?pin=false", tree()));
    assertEquals(List.of(), node.store.pins());
    assertTrue(node.store.has(t.dir().cid()) && node.store.has(t.c().cid()));
  }

  @Test
  void importOptionsChangeTheCidsAsTheyDoInTheImporter() throws IOException {
    ImportOptions v1 = ImportOptions.builder().cidVersion(1).chunkSize(100_000).layout(io.cairn.unixfs.Layout.TRICKLE)
        .build();
    Tree t = Tree.of(v1);
    List<JsonNode> events = TestNode.lines(node.post("add?cid-version=1&chunker=size-100000&trickle", tree()));
    assertEvent(events.get(1), "dir/sub/c.bin", t.c());
    assertEvent(events.get(3), "dir", t.dir());
    assertTrue(events.get(3).get("Hash").asText().startsWith("bafy"));
  }

  @Test
  void progressReportsBytesBeforeEachFileIsAdded() throws IOException {
    List<JsonNode> events = TestNode.lines(node.post("add?progress=true", new Multipart().file("c.bin", C)));
    List<Long> bytes = new ArrayList<>();
    for (JsonNode e : events.subList(0, events.size() - 1)) {
      assertEquals("c.bin", e.get("Name").asText());
      assertFalse(e.has("Hash"), e.toString());
      bytes.add(e.get("Bytes").asLong());
    }
    assertEquals(List.of(262_144L, 524_288L, 700_000L), bytes);
    assertTrue(events.get(events.size() - 1).has("Hash"));
  }

  @Test
  void modeAndMtimeFromTheFormNameAreKeptWithPreserveFlags() throws IOException {
    Metadata meta = new Metadata(0755, new UnixTime(1_700_000_000L, 5));
    ImportedNode expected;
    ImportOptions opts = ImportOptions.builder().preserveMode(true).preserveMtime(true).build();
    try (UnixfsImporter imp = new UnixfsImporter(opts, BlockSink.DISCARD)) {
      expected = imp.file(new ByteArrayInputStream(A), meta);
    }
    Multipart m = new Multipart().part("file?mode=0755&mtime=1700000000&mtime-nsecs=5", "run.sh",
        "application/octet-stream", A);
    JsonNode e = TestNode.lines(node.post("add?preserve-mode=true&preserve-mtime=true", m)).get(0);
    assertEvent(e, "run.sh", expected);
    assertEquals("0755", e.get("Mode").asText());
    assertEquals(1_700_000_000L, e.get("Mtime").asLong());
    assertEquals(5, e.get("MtimeNsecs").asInt());
    // without the flags the declared metadata is reported but not stored, as in Kubo
    JsonNode plain = TestNode.lines(node.post("add", m)).get(0);
    assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD", plain.get("Hash").asText());
  }

  @Test
  void symlinksUnnamedFilesAndDotDotNames() throws IOException {
    Multipart m = new Multipart().file("", A).symlink("ln", "a.txt").file("../../etc/x", B);
    List<JsonNode> events = TestNode.lines(node.post("add", m));
    // an unnamed top-level file is named by its CID (kubo-rpc-client's add(bytes))
    assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD", events.get(0).get("Name").asText());
    assertEquals("ln", events.get(1).get("Name").asText());
    // ".." cannot climb out of the upload: the path is cleaned as Kubo cleans it
    assertEquals("etc/x", events.get(2).get("Name").asText());
    assertEquals("etc", events.get(3).get("Name").asText());
    String ls = node.post("ls?arg=" + events.get(3).get("Hash").asText()).body();
    assertTrue(ls.contains("\"Name\":\"x\""), ls);
  }

  @Test
  void silentReportsNothingButStillAdds() throws IOException {
    HttpResponse<String> r = node.post("add?silent=true", new Multipart().file("a.txt", A));
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals(1, node.store.pins().size());
  }

  @Test
  void aDuplicateEntryFailsTheAddAndPinsNothing() {
    HttpResponse<String> r = node.post("add", new Multipart().file("d/a", A).file("d/a", B));
    // the first entry was already reported when the second failed: the error goes in the trailer
    assertEquals(200, r.statusCode());
    assertEquals(1, TestNode.lines(r).size());
    assertEquals(List.of(), node.store.pins());
  }

  @Test
  void badRequestsFailBeforeAnyOutput() {
    HttpResponse<String> r = node.post("add?chunker=rabin-1-2-3", tree());
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("only size-N is supported"), r.body());
    r = node.post("add?hash=blake2b-256", tree());
    assertTrue(r.body().contains("sha2-256 only"), r.body());
    r = node.post("add?raw-leaves=true&mode=0644", tree());
    assertTrue(r.body().contains("raw-leaves can't be used"), r.body());
    r = node.post("add");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("multipart/form-data"), r.body());
  }

  @Test
  void aLargeChunkedUploadStreamsThrough() throws IOException {
    long size = 24L << 20;
    ImportedNode expected;
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), BlockSink.DISCARD)) {
      expected = imp.file(new Generated(size), Metadata.NONE);
    }
    Multipart framing = new Multipart();
    String head = "--" + framing.boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    String tail = "\r\n--" + framing.boundary + "--\r\n";
    HttpResponse<String> r = node.send(node.request("add").header("Content-Type", framing.contentType())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(java.util.Collections.enumeration(
            List.of(new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)), new Generated(size),
                new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8))))))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEvent(TestNode.lines(r).get(0), "big.bin", expected);
  }

  private int blockCount() throws IOException {
    AtomicInteger n = new AtomicInteger();
    node.store.forEachKey(k -> n.incrementAndGet());
    return n.get();
  }

  /** {@code size} bytes of a fixed pseudo-random sequence, generated as read. */
  static final class Generated extends InputStream {
    private final Random random = new Random(42);
    private long left;

    Generated(long size) {
      left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, Math.min(left, 8192));
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      left -= n;
      return n;
    }
  }
}
