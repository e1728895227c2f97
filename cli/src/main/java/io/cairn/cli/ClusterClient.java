package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.ClusterSettings;
import io.cairn.store.Config;
import io.cairn.store.Repo;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code cairn cluster} commands' way to the local cluster peer: its REST API (address and
 * secret from the repository's {@code Cluster} config, read without taking the repository's
 * lock, so they work while the daemon runs).
 */
final class ClusterClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ClusterClient(String base, String secret) {
    this.base = base;
    this.secret = secret;
  }

  /** The local peer's API, from the config of the repository at {@link Repo#defaultPath}. */
  static ClusterClient local() throws IOException {
    Path file = Repo.defaultPath().resolve("config");
    if (!Files.exists(file)) {
      throw new UserException("no Cairn repository at " + Repo.defaultPath() + "; run 'cairn init' first (or set CAIRN_PATH)");
    }
    JsonNode section = Config.parseJson(Files.readString(file, StandardCharsets.UTF_8)).get(ClusterSettings.SECTION);
    if (section == null || section.isNull()) {
      throw new UserException("this repository is not a cluster peer: run 'cairn cluster init --name NAME' (a new"
          + " cluster) or 'cairn cluster join ADDR --secret S', then 'cairn daemon'");
    }
    try {
      ClusterSettings s = ClusterSettings.parse(section, "");
      String host = s.apiHost().equals("0.0.0.0") ? "127.0.0.1" : s.apiHost();
      return new ClusterClient("http://" + host + ":" + s.apiPort(), s.secret());
    } catch (io.cairn.codec.MalformedDataException e) {
      throw new UserException("the repository's cluster config is wrong: " + e.getMessage());
    }
  }

  /** A call (or several) to make with a client. */
  interface Calls<T> {
    T on(ClusterClient client) throws IOException;
  }

  /** Runs {@code calls} with a client of the local peer's API, closed after. */
  static <T> T local(Calls<T> calls) throws IOException {
    try (ClusterClient c = local()) {
      return calls.on(c);
    }
  }

  /**
   * Stops the HTTP client: its selector thread leaves {@code epoll_wait}. Left running, it is a
   * thread in native code when the JVM exits, and HotSpot's exit waits up to 0.3 s for it (as
   * for the RPC client's, see {@code RpcClient#close}).
   */
  @Override
  public void close() {
    http.close();
  }

  /** The peer answered 401: the secret is not the cluster's. */
  static final class Unauthorized extends UserException {
    Unauthorized(String message) {
      super(message);
    }
  }

  static String query(Map<String, String> params) {
    StringJoiner j = new StringJoiner("&", "?", "");
    j.setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null) {
        j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return j.toString();
  }

  JsonNode get(String path) throws IOException {
    return one(call("GET", path));
  }

  JsonNode post(String path) throws IOException {
    return one(call("POST", path));
  }

  JsonNode delete(String path) throws IOException {
    return one(call("DELETE", path));
  }

  /** A streamed answer (JSON lines) or a JSON array, as a list. */
  List<JsonNode> lines(String method, String path) throws IOException {
    String body = call(method, path);
    List<JsonNode> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        JsonNode n = JSON.readTree(line);
        if (n.isArray()) {
          n.forEach(out::add);
        } else {
          out.add(n);
        }
      }
    }
    return out;
  }

  /**
   * A GET whose answer is read as it arrives (e.g. {@code /state}, any size): the body's stream,
   * to be closed; a failure status is thrown as for the other calls.
   */
  InputStream stream(String path) throws IOException {
    HttpResponse<InputStream> resp = send(request("GET", path), HttpResponse.BodyHandlers.ofInputStream());
    if (resp.statusCode() / 100 != 2) {
      String body;
      try (InputStream in = resp.body()) {
        body = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
      }
      throw failure(resp.statusCode(), body);
    }
    return resp.body();
  }

  private static JsonNode one(String body) throws IOException {
    return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
  }

  private String call(String method, String path) throws IOException {
    HttpResponse<String> resp = send(request(method, path), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() / 100 != 2) {
      throw failure(resp.statusCode(), resp.body());
    }
    return resp.body();
  }

  private HttpRequest request(String method, String path) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (!secret.isEmpty()) {
      req.header("Authorization", "Bearer " + secret);
    }
    return req.build();
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return http.send(req, handler);
    } catch (ConnectException e) {
      throw new UserException("cannot reach the cluster peer's API at " + base + ": is 'cairn daemon' running?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private UserException failure(int status, String body) {
    if (status == 401) {
      return new Unauthorized("the cluster peer at " + base + " refused the secret (401): the repository's"
          + " Cluster.Secret is not its cluster's");
    }
    String message = body;
    try {
      message = JSON.readTree(body).path("message").asText(body);
    } catch (IOException notJson) {
      // the raw body then
    }
    return new UserException("the cluster answered " + status + ": " + message.strip());
  }
}
