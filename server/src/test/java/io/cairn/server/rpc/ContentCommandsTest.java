package io.cairn.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cat}, {@code get} and {@code ls} over a tree added through the API. */
class ContentCommandsTest {
  static TestNode node;
  static String root;
  static final byte[] BIG = AddCommandTest.random(300_000, 3);

  @BeforeAll
  static void start() throws IOException {
    node = new TestNode();
    Multipart m = new Multipart().part("dir?mode=0700", "t", "application/x-directory", new byte[0])
        .file("t/z.txt", "zzz").file("t/a.txt", "0123456789").file("t/big.bin", BIG).dir("t/sub")
        .file("t/sub/s.txt", "s").symlink("t/ln", "a.txt");
    List<JsonNode> events = TestNode.lines(node.post("add?preserve-mode=true", m));
    root = events.get(events.size() - 1).get("Hash").asText();
  }

  @AfterAll
  static void stop() throws IOException {
    node.close();
  }

  @Test
  void catStreamsFileBytesWithTheirLength() {
    HttpResponse<byte[]> r = node.postBytes("cat?arg=" + root + "/a.txt");
    assertEquals("0123456789", TestNode.utf8(r.body()));
    assertEquals("1", r.headers().firstValue("X-Stream-Output").orElse(""));
    assertEquals("10", r.headers().firstValue("X-Content-Length").orElse(""));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertArrayEquals(BIG, node.postBytes("cat?arg=/ipfs/" + root + "/big.bin").body());
  }

  @Test
  void catOffsetAndLengthRunAcrossFilesAsInKubo() {
    String a = root + "/a.txt";
    String z = root + "/z.txt";
    assertEquals("3456", TestNode.utf8(node.postBytes("cat?arg=" + a + "&offset=3&length=4").body()));
    assertEquals("89zz", TestNode.utf8(node.postBytes("cat?arg=" + a + "&arg=" + z + "&o=8&l=4").body()));
    // an offset past the first file skips it whole
    assertEquals("zz", TestNode.utf8(node.postBytes("cat?arg=" + a + "&arg=" + z + "&offset=11").body()));
    assertEquals("", TestNode.utf8(node.postBytes("cat?arg=" + a + "&length=0").body()));
  }

  @Test
  void catRefusesDirectoriesAndMissingPaths() {
    HttpResponse<String> r = node.post("cat?arg=" + root);
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("this dag node is a directory"), r.body());
    r = node.post("cat?arg=" + root + "/nope");
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("nope"), r.body());
    r = node.post("cat?arg=" + root + "/a.txt&offset=-1");
    assertTrue(r.body().contains("cannot specify negative offset"), r.body());
  }

  @Test
  void getSendsATarOfTheTreeWithModes() throws IOException {
    HttpResponse<byte[]> r = node.postBytes("get?arg=" + root + "/");
    assertEquals("application/x-tar", r.headers().firstValue("Content-Type").orElse(""));
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    Map<String, byte[]> contents = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(r.body()))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), e);
        contents.put(e.getName(), tar.readAllBytes());
      }
    }
    assertEquals(List.of(root + "/", root + "/a.txt", root + "/big.bin", root + "/ln", root + "/sub/",
        root + "/sub/s.txt", root + "/z.txt"), List.copyOf(entries.keySet()));
    assertEquals(0700, entries.get(root + "/").getMode());
    assertEquals(0755, entries.get(root + "/sub/").getMode()); // no mode kept: the default
    assertEquals(0644, entries.get(root + "/a.txt").getMode());
    assertTrue(entries.get(root + "/ln").isSymbolicLink());
    assertEquals("a.txt", entries.get(root + "/ln").getLinkName());
    assertArrayEquals(BIG, contents.get(root + "/big.bin"));
  }

  @Test
  void getWriteLeavesTheTreeOnTheDaemonsDiskWithItsModes(@TempDir Path dir) throws IOException {
    Path to = dir.resolve("out");
    HttpResponse<String> r = node.post("get/write?arg=" + root + "&to=" + to);
    assertEquals(200, r.statusCode(), r.body());
    List<JsonNode> lines = TestNode.lines(r);
    JsonNode done = lines.get(lines.size() - 1);
    assertEquals(to.toString(), done.get("Path").asText());
    assertEquals(300_000 + 10 + 3 + 1, done.get("Bytes").asLong());
    assertArrayEquals(BIG, Files.readAllBytes(to.resolve("big.bin")));
    assertEquals("s", Files.readString(to.resolve("sub/s.txt")));
    assertEquals(Path.of("a.txt"), Files.readSymbolicLink(to.resolve("ln")));
    assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(to));
    List<JsonNode> file = TestNode.lines(node.post("get/write?arg=" + root + "/big.bin&to=" + dir.resolve("big")));
    assertEquals(300_000, file.get(0).get("Size").asLong());
    assertArrayEquals(BIG, Files.readAllBytes(dir.resolve("big")));

    assertTrue(TestNode.utf8(node.postBytes("get/write?arg=" + root + "&to=" + to).body()).contains("already exists"));
    assertTrue(TestNode.utf8(node.postBytes("get/write?arg=" + root + "&to=rel/out").body())
        .contains("absolute path"));
    assertTrue(TestNode.utf8(node.postBytes("get/write?arg=" + root + "&to=" + dir.resolve("no/out")).body())
        .contains("does not exist"));
    assertFalse(Files.exists(dir.resolve("rel")));
  }

  @Test
  void getNamesASingleFileByItsLastSegmentAndCanGzip() throws IOException {
    HttpResponse<byte[]> r = node.postBytes("get?arg=/ipfs/" + root + "/sub/s.txt&archive=true&compress=true");
    assertEquals("application/gzip", r.headers().firstValue("Content-Type").orElse(""));
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(r.body())))) {
      assertEquals("s.txt", tar.getNextEntry().getName());
      assertEquals("s", new String(tar.readAllBytes(), StandardCharsets.UTF_8));
    }
    r = node.postBytes("get?arg=" + root + "/a.txt&compress=true");
    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertEquals("0123456789", new String(gz.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void lsListsEntriesSortedWithKubosTypes() {
    JsonNode out = TestNode.json(node.post("ls?arg=" + root));
    JsonNode obj = out.get("Objects").get(0);
    assertEquals(root, obj.get("Hash").asText());
    Map<String, JsonNode> links = new LinkedHashMap<>();
    obj.get("Links").forEach(l -> links.put(l.get("Name").asText(), l));
    assertEquals(List.of("a.txt", "big.bin", "ln", "sub", "z.txt"), List.copyOf(links.keySet()));
    assertEquals(2, links.get("a.txt").get("Type").asInt());
    assertEquals(10, links.get("a.txt").get("Size").asLong());
    assertEquals(300_000, links.get("big.bin").get("Size").asLong());
    assertEquals(1, links.get("sub").get("Type").asInt());
    assertEquals(0, links.get("sub").get("Size").asLong());
    assertEquals(4, links.get("ln").get("Type").asInt());
    assertEquals("a.txt", links.get("ln").get("Target").asText());
    assertEquals("", links.get("a.txt").get("Target").asText());
  }

  @Test
  void lsStreamsOneLinePerEntryAndListsAFilesChunks() {
    List<JsonNode> lines = TestNode.lines(node.post("ls?arg=" + root + "&stream=true"));
    assertEquals(5, lines.size());
    for (JsonNode l : lines) {
      assertEquals(1, l.get("Objects").get(0).get("Links").size());
    }
    JsonNode file = TestNode.json(node.post("ls?arg=" + root + "/big.bin")).get("Objects").get(0);
    assertEquals(2, file.get("Links").size()); // 300,000 bytes in 262,144-byte chunks
    assertEquals("", file.get("Links").get(0).get("Name").asText());
    JsonNode small = TestNode.json(node.post("ls?arg=" + root + "/a.txt")).get("Objects").get(0);
    assertEquals(0, small.get("Links").size());
  }
}
