package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.store.Config;
import io.cairn.store.Identity;
import io.cairn.store.MemoryStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The daemon's HTTP shell: connectors, routing by port, the API guard, metrics, shutdown. */
class DaemonTest {
  private static final Multiaddr ANY = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  private final HttpClient http = HttpClient.newHttpClient();

  private Daemon start(Consumer<Config> configure) throws IOException {
    Config config = Config.defaults(Identity.generate());
    configure.accept(config);
    return Daemon.start(new NodeContext(new MemoryStore(), config, new Metrics()), ANY, ANY);
  }

  private HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder post(Multiaddr addr, String path) {
    return HttpRequest.newBuilder(URI.create(addr.httpUrl() + path)).POST(HttpRequest.BodyPublishers.noBody());
  }

  @Test
  void bindsFreePortsAndKeepsApiAndGatewayApart() throws Exception {
    try (Daemon d = start(c -> {})) {
      assertNotEquals(0, d.api().port());
      assertNotEquals(0, d.gateway().port());
      assertNotEquals(d.api().port(), d.gateway().port());
      assertEquals(404, send(post(d.gateway(), "/api/v0/version")).statusCode(), "no RPC on the gateway port");
      assertEquals(404, send(HttpRequest.newBuilder(URI.create(d.api().httpUrl() + "/ipfs/bafkqaaa"))).statusCode(),
          "no gateway on the API port");
    }
  }

  @Test
  void speaksHttp2WithoutTlsByPriorKnowledgeButIgnoresUpgrade() throws Exception {
    try (Daemon d = start(c -> {})) {
      org.eclipse.jetty.http2.client.HTTP2Client h2 = new org.eclipse.jetty.http2.client.HTTP2Client();
      org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient(
          new org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2(h2));
      jetty.start();
      try {
        org.eclipse.jetty.client.ContentResponse r = jetty.GET(d.gateway().httpUrl() + "/ipfs/bafkqaaa");
        assertEquals(200, r.getStatus());
        assertEquals(org.eclipse.jetty.http.HttpVersion.HTTP_2, r.getVersion(), "prior-knowledge h2c");
      } finally {
        jetty.stop();
      }
      HttpClient upgrading = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
      HttpResponse<byte[]> r = upgrading.send(HttpRequest.newBuilder(URI.create(d.gateway().httpUrl() + "/ipfs/bafkqaaa"))
          .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "an Upgrade: h2c is declined, the answer is HTTP/1.1");
    }
  }

  @Test
  void requestsStartOnSelectorThreads() throws Exception {
    try (Daemon d = start(c -> {})) {
      assertEquals(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING, d.invocationType(),
          "a handler that may block must be wrapped in Dispatched, or every request pays a thread hand-off");
    }
  }

  @Test
  void aForeignOriginIsRefusedAndTheApisOwnOriginIsNot() throws Exception {
    try (Daemon d = start(c -> {})) {
      HttpResponse<String> evil = send(post(d.api(), "/api/v0/version").header("Origin", "http://evil.example"));
      assertEquals(403, evil.statusCode());
      HttpResponse<String> viaReferer = send(post(d.api(), "/api/v0/version").header("Referer", "http://evil.example/page"));
      assertEquals(403, viaReferer.statusCode());
      HttpResponse<String> own = send(post(d.api(), "/api/v0/version")
          .header("Origin", "http://127.0.0.1:" + d.api().port()));
      assertNotEquals(403, own.statusCode());
      assertNotEquals(403, send(post(d.api(), "/api/v0/version")).statusCode(), "no Origin: not a browser page");
    }
  }

  @Test
  void originsListedInTheConfigAreAllowed() throws Exception {
    try (Daemon d = start(c -> c.set("API.HTTPHeaders.Access-Control-Allow-Origin",
        JsonNodeFactory.instance.arrayNode().add("https://webui.example")))) {
      HttpResponse<String> r = send(post(d.api(), "/api/v0/version").header("Origin", "https://webui.example"));
      assertNotEquals(403, r.statusCode());
      assertEquals("https://webui.example", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertEquals(403, send(post(d.api(), "/api/v0/version").header("Origin", "https://other.example")).statusCode());
    }
  }

  @Test
  void withAuthorizationsEveryRequestNeedsTheSecret() throws Exception {
    ObjectNode auths = JsonNodeFactory.instance.objectNode();
    auths.putObject("ci").put("AuthSecret", "bearer:s3cret").putArray("AllowedPaths").add("/api/v0/version");
    auths.putObject("admin").put("AuthSecret", "basic:alice:pw");
    try (Daemon d = start(c -> c.set("API.Authorizations", auths))) {
      HttpResponse<String> none = send(post(d.api(), "/api/v0/version"));
      assertEquals(401, none.statusCode());
      assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent());
      assertEquals(401, send(post(d.api(), "/api/v0/version").header("Authorization", "Bearer wrong")).statusCode());
      assertNotEquals(401, send(post(d.api(), "/api/v0/version").header("Authorization", "Bearer s3cret")).statusCode());
      assertEquals(403, send(post(d.api(), "/api/v0/id").header("Authorization", "Bearer s3cret")).statusCode(),
          "the token only covers /api/v0/version");
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:pw".getBytes());
      assertNotEquals(401, send(post(d.api(), "/api/v0/id").header("Authorization", basic)).statusCode());
      assertEquals(200, send(HttpRequest.newBuilder(URI.create(d.gateway().httpUrl() + "/debug/metrics/prometheus")))
          .statusCode(), "the gateway needs no token");
    }
  }

  @Test
  void aMalformedSecretIsAConfigErrorAtStart() {
    ObjectNode auths = JsonNodeFactory.instance.objectNode();
    auths.putObject("bad").put("AuthSecret", "token:with:colons");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> start(c -> c.set("API.Authorizations", auths)).close());
    assertTrue(e.getMessage().contains("API.Authorizations.bad"), e.getMessage());
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    try (Daemon d = start(c -> {})) {
      HttpResponse<String> r = send(post(d.api(), "/api/v0/version").header("X-Big", "a".repeat(Daemon.MAX_HEADER_BYTES + 1)));
      assertEquals(431, r.statusCode());
    }
  }

  @Test
  void metricsCountRequestsByRouteAndStatus() throws Exception {
    try (Daemon d = start(c -> {})) {
      send(post(d.gateway(), "/nowhere"));
      String text = send(HttpRequest.newBuilder(URI.create(d.gateway().httpUrl() + "/debug/metrics/prometheus"))).body();
      assertTrue(text.contains("cairn_http_requests_seconds_count{method=\"POST\",route=\"other\",server=\"gateway\",status=\"404\"} 1"),
          text);
      assertTrue(text.contains("cairn_blocks_read_total"), text);
    }
  }

  @Test
  void afterCloseNothingListens() throws Exception {
    Daemon d = start(c -> {});
    Multiaddr api = d.api();
    d.close();
    assertThrows(ConnectException.class, () -> send(post(api, "/api/v0/version")));
  }

  @Test
  void aTakenPortIsAClearError() throws Exception {
    try (Daemon first = start(c -> {})) {
      IOException e = assertThrows(IOException.class, () -> Daemon.start(
          new NodeContext(new MemoryStore(), Config.defaults(Identity.generate()), new Metrics()), first.api(), ANY));
      assertTrue(e.getMessage().contains("Addresses.API"), e.getMessage());
    }
  }
}
