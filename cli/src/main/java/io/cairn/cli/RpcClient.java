package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The CLI's client for a running daemon's RPC API (Kubo's {@code /api/v0}). Found through the
 * {@code api} file the daemon writes into the repository; a stale file (daemon killed) is
 * recognised by the refused connection and ignored.
 */
final class RpcClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final String authorization;

  private RpcClient(HttpClient http, String base, String authorization) {
    this.http = http;
    this.base = base;
    this.authorization = authorization;
  }

  /** The daemon serving {@code repoDir}, if one is running. */
  static Optional<RpcClient> find(Path repoDir) {
    Path apiFile = repoDir.resolve(Repos.API_FILE);
    if (!Files.isRegularFile(apiFile)) {
      return Optional.empty();
    }
    Multiaddr addr;
    try {
      addr = Multiaddr.parse(Files.readString(apiFile, StandardCharsets.UTF_8).trim());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    RpcClient client = new RpcClient(http, addr.httpUrl(), authorization(repoDir));
    try {
      client.call("version", new Params()).close();
      return Optional.of(client);
    } catch (ConnectException e) {
      return Optional.empty(); // the daemon is gone and left its api file behind
    } catch (IOException e) {
      throw new UserException("the daemon at " + addr + " (from " + apiFile + ") does not answer properly: "
          + e.getMessage() + "; stop it, or remove " + apiFile + " if no daemon runs");
    }
  }

  /** The first API.Authorizations secret in the repo's config, as an Authorization header. */
  private static String authorization(Path repoDir) {
    try {
      JsonNode auths = JSON.readTree(repoDir.resolve("config").toFile()).path("API").path("Authorizations");
      for (JsonNode a : auths) {
        String secret = a.path("AuthSecret").asText("");
        if (secret.startsWith("bearer:")) {
          return "Bearer " + secret.substring(7);
        } else if (secret.startsWith("basic:")) {
          return "Basic " + java.util.Base64.getEncoder()
              .encodeToString(secret.substring(6).getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      // no readable config: no authorization
    }
    return null;
  }

  /** Query parameters, Kubo style ({@code arg} repeated). */
  static final class Params {
    private final List<String> pairs = new ArrayList<>();

    Params arg(String value) {
      return add("arg", value);
    }

    Params add(String name, Object value) {
      if (value != null) {
        pairs.add(enc(name) + "=" + enc(String.valueOf(value)));
      }
      return this;
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String query() {
      return String.join("&", pairs);
    }
  }

  /** POSTs a command without a body and returns the response body stream (status 200 checked). */
  InputStream call(String command, Params params) throws IOException {
    return send(command, params, HttpRequest.BodyPublishers.noBody(), null);
  }

  /** POSTs a command with a multipart body and returns the response body stream. */
  InputStream upload(String command, Params params, Multipart body) throws IOException {
    Supplier<InputStream> stream = body::stream;
    return send(command, params, HttpRequest.BodyPublishers.ofInputStream(stream), body.contentType());
  }

  private InputStream send(String command, Params params, HttpRequest.BodyPublisher body, String contentType)
      throws IOException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/api/v0/" + command + "?" + params.query()))
        .POST(body);
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to the daemon", e);
    }
    if (resp.statusCode() != 200) {
      String text;
      try (InputStream in = resp.body()) {
        text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      }
      String message = text.strip();
      try {
        JsonNode n = JSON.readTree(text);
        if (n.has("Message")) {
          message = n.get("Message").asText();
        }
      } catch (IOException notJson) {
        // a plain-text error
      }
      throw new UserException(message.isEmpty() ? "the daemon answered HTTP " + resp.statusCode() : message);
    }
    return resp.body();
  }

  /** One JSON value from a non-streaming command. */
  JsonNode json(String command, Params params) throws IOException {
    try (InputStream in = call(command, params)) {
      return JSON.readTree(in);
    }
  }

  /**
   * The JSON objects of a streaming command, one per line. An error object ({@code "Type":
   * "error"}) or an error trailer mid-stream becomes an exception.
   */
  static Iterator<JsonNode> lines(InputStream in) {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new Iterator<>() {
      private String next = advance();

      private String advance() {
        try {
          String l;
          do {
            l = r.readLine();
          } while (l != null && l.isBlank());
          if (l == null) {
            r.close();
          }
          return l;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public JsonNode next() {
        String l = next;
        next = advance();
        try {
          JsonNode n = JSON.readTree(l);
          if ("error".equals(n.path("Type").asText()) && n.has("Message")) {
            throw new UserException(n.get("Message").asText());
          }
          return n;
        } catch (IOException e) {
          throw new UncheckedIOException(new IOException("the daemon sent a line that is not JSON: " + l));
        }
      }
    };
  }
}
