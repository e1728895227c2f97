package io.cairn.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Config;
import io.cairn.store.Identity;
import io.cairn.store.MemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A real daemon on free ports over an in-memory store, and a plain HTTP client for its API. */
final class TestNode implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final MemoryStore store = new MemoryStore();
  final Config config = Config.defaults(Identity.generate());
  final NodeContext node = new NodeContext(store, config, new Metrics());
  final Daemon daemon;
  final HttpClient http = HttpClient.newHttpClient();
  final String api;

  TestNode() throws IOException {
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    daemon = Daemon.start(node, any, any);
    api = daemon.api().httpUrl() + "/api/v0/";
  }

  HttpResponse<String> post(String command) {
    return send(request(command).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String command, Multipart body) {
    return send(request(command).header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> postBytes(String command) {
    return send(request(command).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpRequest.Builder request(String command) {
    return HttpRequest.newBuilder(URI.create(api + command));
  }

  <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(r, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The one JSON value of a 200 answer. */
  static JsonNode json(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
    }
    return parse(r.body());
  }

  /** The JSON lines of a 200 streamed answer. */
  static List<JsonNode> lines(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
    }
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (!line.isBlank()) {
        out.add(parse(line));
      }
    }
    return out;
  }

  static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    daemon.close();
  }
}
