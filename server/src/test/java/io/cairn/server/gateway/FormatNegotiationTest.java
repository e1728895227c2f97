package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatNegotiationTest {
  static ResponseFormat negotiate(String query, String accept) throws GatewayException {
    Map<String, String> q = new HashMap<>();
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        String[] p = kv.split("=", 2);
        q.put(p[0], p[1]);
      }
    }
    return FormatNegotiation.negotiate(q::get, accept);
  }

  static int status(String query, String accept) {
    return assertThrows(GatewayException.class, () -> negotiate(query, accept)).status();
  }

  @Test
  void browsersAndNothingGetDeserialized() throws Exception {
    assertEquals(ResponseFormat.Kind.DESERIALIZED, negotiate("", null).kind());
    assertEquals(ResponseFormat.Kind.DESERIALIZED,
        negotiate("", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").kind());
    assertEquals(ResponseFormat.Kind.DESERIALIZED, negotiate("", "application/vnd.ipld.raw;q=0").kind());
    assertEquals(ResponseFormat.Kind.DESERIALIZED, negotiate("dag-scope=block", null).kind(),
        "CAR parameters alone ask for nothing");
  }

  @Test
  void acceptOrderAndQuality() throws Exception {
    ResponseFormat raw = negotiate("", "text/html;q=0.5, application/vnd.ipld.raw");
    assertEquals(ResponseFormat.Kind.RAW, raw.kind());
    assertTrue(raw.fromAccept());
    assertEquals(ResponseFormat.Kind.CAR, negotiate("", "application/vnd.ipld.car, application/vnd.ipld.raw").kind());
    assertEquals(ResponseFormat.Kind.RAW,
        negotiate("", "application/x-tar, application/vnd.ipld.raw;q=0.1").kind(), "unserved types are skipped");
    assertFalse(negotiate("format=raw", null).fromAccept());
  }

  @Test
  void carDefaultsAndParameters() throws Exception {
    CarParams d = negotiate("format=car", null).car();
    assertFalse(d.dups());
    assertEquals(DagScope.ALL, d.scope());
    assertNull(d.entityBytes());
    assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", d.contentType());
    CarParams y = negotiate("", "application/vnd.ipld.car;version=\"1\";order=dfs;dups=y").car();
    assertTrue(y.dups());
    CarParams e = negotiate("format=car&entity-bytes=0:9", null).car();
    assertEquals(DagScope.ENTITY, e.scope());
    assertEquals("0:9", e.entityBytes().toString());
    assertEquals(DagScope.ENTITY, negotiate("format=car&entity-bytes=0:9&dag-scope=all", null).car().scope(),
        "entity-bytes implies entity");
    CarParams b = negotiate("format=car&entity-bytes=0:9&dag-scope=block", null).car();
    assertEquals(DagScope.BLOCK, b.scope());
    assertNull(b.entityBytes());
  }

  @Test
  void unsupportedIs406AndMalformedIs400() {
    assertEquals(406, status("format=car&car-version=2", null));
    assertEquals(406, status("", "application/vnd.ipld.car; version=2"));
    assertEquals(406, status("", "application/vnd.ipld.car; order=bfs"));
    assertEquals(406, status("format=dag-json", null));
    assertEquals(406, status("format=", null));
    assertEquals(406, status("", "application/vnd.ipld.dag-cbor"));
    assertEquals(400, status("format=car&car-version=x", null));
    assertEquals(400, status("format=car&car-dups=yes", null));
    assertEquals(400, status("format=car&car-order=%%", null));
    assertEquals(400, status("format=car&dag-scope=none", null));
    assertEquals(400, status("", "application/vnd.ipld.car; dups=1"));
    assertEquals(400, status("", "not a media type"));
    assertEquals(400, status("", "application/vnd.ipld.raw; q=high"));
  }
}
