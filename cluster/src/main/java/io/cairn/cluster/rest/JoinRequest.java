package io.cairn.cluster.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.PeerRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cairn's join call ({@code POST /peers} with {@code {"id","raft_address","api_address"}}):
 * the peer whose API is asked adds the caller to the Raft configuration (the leader brings it
 * up to date first), if the bearer secret is the cluster's.
 */
public final class JoinRequest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JoinRequest() {}

  /** Asks the peer at {@code remote} (host:port or an http URL) to add {@code me}. */
  public static void send(String remote, PeerRecord me, String secret) throws IOException {
    String base = remote.startsWith("http://") || remote.startsWith("https://") ? remote : "http://" + remote;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", me.id());
    body.put("raft_address", me.raftAddress());
    body.put("api_address", me.apiAddress());
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/peers"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + secret)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        String message = resp.body();
        try {
          JsonNode n = JSON.readTree(resp.body());
          message = n.path("message").asText(message);
        } catch (IOException notJson) {
          // keep the raw body
        }
        throw new IOException("joining through " + base + " failed (HTTP " + resp.statusCode() + "): " + message
            + (resp.statusCode() == 401 ? " (use that cluster's secret: 'cairn cluster join ADDR --secret S')" : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while joining through " + base, e);
    } catch (java.net.ConnectException e) {
      throw new IOException("cannot reach " + base + " to join: is that peer's daemon running and its "
          + "Cluster.APIAddress right?", e);
    }
  }

  /** Reads a join body. */
  static PeerRecord parse(String body) throws io.cairn.codec.MalformedDataException {
    try {
      JsonNode n = JSON.readTree(body);
      if (!n.path("id").isTextual() || !n.path("raft_address").isTextual()) {
        throw new io.cairn.codec.MalformedDataException("join request", 0,
            "needs {\"id\": …, \"raft_address\": \"host:port\", \"api_address\": …}");
      }
      return new PeerRecord(n.get("id").asText(), n.get("raft_address").asText(), n.path("api_address").asText(""));
    } catch (IOException | IllegalArgumentException e) {
      throw new io.cairn.codec.MalformedDataException("join request", 0, "not JSON: " + e.getMessage());
    }
  }
}
