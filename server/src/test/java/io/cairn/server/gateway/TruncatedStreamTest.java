package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A block missing below the root: the response starts, then is cut short, never completed. */
class TruncatedStreamTest {
  GatewayFixture gw;
  Cid root;
  Cid file;
  byte[] data;

  @BeforeEach
  void start() throws Exception {
    gw = new GatewayFixture();
    data = GatewayFixture.random(300_000, 11);
    ImportedNode f = gw.file(data, ImportOptions.builder().cidVersion(1).chunkSize(1000).maxLinks(10).build());
    file = f.cid();
    root = gw.dir(Map.of("f.bin", f)).cid();
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
  }

  /** Removes the leaf holding byte {@code offset} of the file. */
  void dropLeafAt(int offset) throws Exception {
    Cid at = file;
    long start = 0;
    while (at.codec().equals(io.cairn.codec.Multicodec.DAG_PB)) {
      var node = io.cairn.codec.DagPb.decode(gw.store.get(at));
      var u = io.cairn.unixfs.UnixfsData.decode(node.dataOrEmpty());
      int i = 0;
      while (start + u.blocksize(i) <= offset) {
        start += u.blocksize(i++);
      }
      at = node.links().get(i).hash();
    }
    assertTrue(gw.store.delete(at.multihash()));
  }

  /** Reads the body until it ends or fails; the failure is rethrown with what had arrived. */
  static byte[] readAll(InputStream in, ByteArrayOutputStream got) throws IOException {
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) >= 0; ) {
      got.write(buf, 0, n);
    }
    return got.toByteArray();
  }

  @Test
  void carStreamIsCutWhenAChildBlockIsMissing() throws Exception {
    dropLeafAt(200_000);
    HttpResponse<InputStream> r = gw.http.send(gw.request("GET", "/ipfs/" + root + "?format=car"),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode(), "the root is here, so the stream began");
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = r.body()) {
      assertThrows(IOException.class, () -> readAll(in, got), "the client must see an incomplete body");
    }
    // what arrived is a valid CAR prefix: the blocks before the missing leaf, all verified
    int blocks = 0;
    try (CarReader car = CarReader.open(new ByteArrayInputStream(got.toByteArray()))) {
      assertEquals(List.of(root), car.roots());
      try {
        for (Block b = car.next(); b != null; b = car.next()) {
          blocks++;
        }
      } catch (IOException truncatedSection) {
        // the cut may fall inside a section
      }
    }
    assertTrue(blocks > 100 && blocks < 1 + 1 + 34 + 300, "got " + blocks + " blocks before the cut");
  }

  @Test
  void fileBodyIsCutWhenALeafIsMissing() throws Exception {
    dropLeafAt(250_000);
    HttpResponse<InputStream> r = gw.http.send(gw.request("GET", "/ipfs/" + root + "/f.bin"),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertEquals("300000", r.headers().firstValue("Content-Length").orElseThrow());
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = r.body()) {
      assertThrows(IOException.class, () -> readAll(in, got));
    }
    assertTrue(got.size() < 250_000, "only bytes before the missing leaf arrived: " + got.size());
  }

  @Test
  void longFileBodyIsCutWhenALeafIsMissing() throws Exception {
    byte[] big = GatewayFixture.random(3_000_000, 12);
    ImportedNode f = gw.file(big, ImportOptions.builder().cidVersion(1).chunkSize(50_000).build());
    Cid leaf = gw.links(f.cid()).get(30); // bytes 1,500,000 to 1,550,000: read ahead of the writer
    assertTrue(gw.store.delete(leaf.multihash()));
    HttpResponse<InputStream> r = gw.http.send(gw.request("GET", "/ipfs/" + f.cid()),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = r.body()) {
      assertThrows(IOException.class, () -> readAll(in, got));
    }
    assertTrue(got.size() <= 1_500_000, "only bytes before the missing leaf arrived: " + got.size());
    assertEquals(java.nio.ByteBuffer.wrap(big, 0, got.size()), java.nio.ByteBuffer.wrap(got.toByteArray()));
  }

  @Test
  void missingRootOrPathBlockIsStill404() throws Exception {
    assertTrue(gw.store.delete(root.multihash()));
    assertEquals(404, gw.get("/ipfs/" + root + "/f.bin").statusCode());
    assertEquals(404, gw.get("/ipfs/" + root + "?format=car").statusCode());
    assertEquals(412, gw.get("/ipfs/" + root + "/f.bin?format=raw", "Cache-Control", "only-if-cached").statusCode());
  }

  @Test
  void rawBlockOfAFileWithMissingLeavesIsFine() throws Exception {
    dropLeafAt(0);
    var r = gw.get("/ipfs/" + file + "?format=raw");
    assertEquals(200, r.statusCode());
    assertEquals(List.of(file), GatewayFixture.cids(GatewayFixture.carBlocks(
        gw.get("/ipfs/" + file + "?format=car&dag-scope=block").body())));
  }
}
