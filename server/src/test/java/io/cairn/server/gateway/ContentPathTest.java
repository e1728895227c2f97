package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentPathTest {
  static final String CID = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

  @Test
  void rootOnly() throws Exception {
    ContentPath p = ContentPath.parse("/ipfs/" + CID);
    assertEquals(CID, p.root().toString());
    assertEquals(List.of(), p.segments());
    assertFalse(p.trailingSlash());
    assertEquals("", p.lastName());
    assertTrue(ContentPath.parse("/ipfs/" + CID + "/").trailingSlash());
  }

  @Test
  void segmentsArePercentDecodedOneByOne() throws Exception {
    ContentPath p = ContentPath.parse("/ipfs/" + CID + "/a%20b/c+d/%C3%A9t%C3%A9%F0%9F%98%80/");
    assertEquals(List.of("a b", "c+d", "été😀"), p.segments());
    assertTrue(p.trailingSlash());
    assertEquals("a b/c+d/été😀", p.subPath());
    assertEquals("/ipfs/" + CID + "/a%20b/c+d/%C3%A9t%C3%A9%F0%9F%98%80/", p.raw());
  }

  @Test
  void rawNonAsciiIsKept() throws Exception {
    assertEquals(List.of("été😀"), ContentPath.parse("/ipfs/" + CID + "/été😀").segments());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/..", "/.", "/%2e%2e", "/%2E", "/a/../b", "/a%2Fb", "/a%2fb", "//a", "/a//b", "/a%00",
      "/%ff", "/%zz", "/%4", "/%"})
  void unsafeOrMalformedSegmentsAre400(String tail) {
    GatewayException e = assertThrows(GatewayException.class, () -> ContentPath.parse("/ipfs/" + CID + tail));
    assertEquals(400, e.status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ipfs/", "/ipfs/x", "/ipfs/Qmshort", "/ipns/" + CID, "/" + CID, "/ipfs//a"})
  void badRootsAre400(String path) {
    GatewayException e = assertThrows(GatewayException.class, () -> ContentPath.parse(path));
    assertEquals(400, e.status());
  }

  @Test
  void ipnsPathsJoinTheRecordsPathAndTheUrls() throws Exception {
    String name = "k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8";
    ContentPath p = ContentPath.parseIpns("/ipns/" + name + "/dists/a%20b/",
        n -> new io.cairn.server.node.Names.Resolved("/ipfs/" + CID + "/mirror/", java.time.Duration.ofSeconds(60)));
    assertEquals(CID, p.root().toString());
    assertEquals(List.of("mirror", "dists", "a b"), p.segments());
    assertEquals(List.of("dists", "a b"), p.visibleSegments());
    assertEquals("/ipns/" + name, p.shown());
    assertEquals("/ipns/" + name + "/dists/a%20b/", p.raw());
    assertEquals(java.time.Duration.ofSeconds(60), p.ttl());
    assertTrue(p.trailingSlash());
    GatewayException e = assertThrows(GatewayException.class, () -> ContentPath.parseIpns("/ipns/" + name,
        n -> new io.cairn.server.node.Names.Resolved("/ipfs/" + CID + "/../x", java.time.Duration.ZERO)));
    assertEquals(502, e.status());
    assertEquals(null, ContentPath.parse("/ipfs/" + CID).ttl());
  }

  @Test
  void dotSegmentsAreRemovedForRedirects() {
    assertEquals(null, ContentPath.withoutDotSegments("/ipfs/" + CID + "/a.b/.x"));
    assertEquals("/ipns/k/a/b", ContentPath.withoutDotSegments("/ipns/k/./a/./b"));
    assertEquals("/ipns/k/a/", ContentPath.withoutDotSegments("/ipns/k/a/."));
    assertEquals("/ipns/k/../a", ContentPath.withoutDotSegments("/ipns/k/./../a"));
  }
}
