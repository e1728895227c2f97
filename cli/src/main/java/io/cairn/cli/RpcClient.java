package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's client for a running daemon's RPC API (Kubo's {@code /api/v0}). Found through the
 * {@code api} file the daemon writes into the repository; a stale file (daemon killed) is
 * recognised by the refused connection and ignored. Jetty's client is used because it reads
 * the {@code X-Stream-Error} trailer by which Kubo's API reports a failure after the output
 * has started; such a failure ends the body stream with the daemon's message.
 */
final class RpcClient {
  /** Bytes read from the socket at a time (Jetty's default is 16 KiB). */
  private static final int RESPONSE_BUFFER = 256 << 10;

  private final HttpClient http;
  private final String base;
  private final String authorization;

  private final boolean offline;
  private final boolean sameUserHere;

  private RpcClient(HttpClient http, String base, String authorization, boolean offline, boolean sameUserHere) {
    this.http = http;
    this.base = base;
    this.authorization = authorization;
    this.offline = offline;
    this.sameUserHere = sameUserHere;
  }

  /** The same daemon, every call with {@code offline=true} (Kubo's {@code --offline}): nothing is fetched. */
  RpcClient offline() {
    return new RpcClient(http, base, authorization, true, sameUserHere);
  }

  /**
   * Whether the daemon runs on this machine as this process's user: its API is on loopback and
   * the {@code api} file it wrote is owned by this user. Then it may read and write local paths
   * for the CLI ({@code sync}, {@code get/write}) with the permissions the CLI itself has.
   */
  boolean sameUserHere() {
    return sameUserHere;
  }

  private static boolean ownedByMe(Path file) {
    try {
      return Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)
          .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
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
    // A daemon killed without cleaning up left the file: run locally. Its process is gone (the
    // lock file names the last holder), or nothing listens on its port any more: a TCP connect,
    // far cheaper at start than an HTTP request through a cold client. The process check comes
    // first because another program may have taken the port since.
    if (!lastHolderAlive(repoDir)) {
      return Optional.empty();
    }
    try (java.net.Socket probe = new java.net.Socket()) {
      probe.connect(new java.net.InetSocketAddress(addr.host(), addr.port()), 5_000);
    } catch (IOException e) {
      return Optional.empty();
    }
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(new NoTls());
    HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
    org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(8, 1);
    pool.setDaemon(true); // never keeps the JVM up; the command's end ends the client
    pool.setName("cairn-rpc-client");
    http.setExecutor(pool);
    http.setConnectTimeout(5_000);
    http.setIdleTimeout(0); // long adds and GCs are quiet for a while
    http.setResponseBufferSize(RESPONSE_BUFFER); // large bodies (cat, get) in few, large reads
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP client did not start", e);
    }
    return Optional.of(new RpcClient(http, addr.httpUrl(), authorization(repoDir), false,
        addr.isLoopback() && ownedByMe(apiFile)));
  }

  /**
   * Whether the process that last held the repository lock still runs. The lock file names it
   * ({@code pid N, command}); the daemon holds the lock for as long as it runs, and anything that
   * took the lock since it died names itself there. An unreadable or unknown format counts as
   * alive, so the port probe decides.
   */
  static boolean lastHolderAlive(Path repoDir) {
    String holder;
    try {
      holder = Files.readString(repoDir.resolve("repo.lock"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return true;
    }
    int comma = holder.indexOf(',');
    if (!holder.startsWith("pid ") || comma < 5 || comma > 22) {
      return true;
    }
    long pid;
    try {
      pid = Long.parseLong(holder.substring(4, comma));
    } catch (NumberFormatException e) {
      return true;
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * The API is plain HTTP (a multiaddr has no TLS here): an SSL context that is never started, so
   * no command spends ≈ 0.1 s of its start loading the JDK's trust store for nothing.
   */
  private static final class NoTls extends SslContextFactory.Client {
    @Override
    protected void doStart() {
      // nothing: never used for http://
    }
  }

  /** The first API.Authorizations secret in the repo's config, as an Authorization header. */
  private static String authorization(Path repoDir) {
    try {
      JsonNode auths = JsonTree.read(Files.readString(repoDir.resolve("config"))).path("API").path("Authorizations");
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

  /**
   * Stops the HTTP client: its selector thread leaves {@code epoll_wait}. Left running, it is a
   * thread in native code when the JVM exits, and HotSpot's exit waits up to 0.3 s for such
   * threads (measured: {@code cat} through a daemon ended 0.31 s after its output).
   */
  void close() {
    stop(http);
  }

  private static void stop(HttpClient http) {
    try {
      http.stop();
    } catch (Exception ignored) {
      // nothing more to release
    }
  }

  /** POSTs a command without a body and returns the response body stream (status 200 checked). */
  Body call(String command, Params params) throws IOException {
    return send(command, params, null);
  }

  /** POSTs a command with a multipart body and returns the response body stream. */
  Body upload(String command, Params params, Multipart body) throws IOException {
    return send(command, params, body);
  }

  private Body send(String command, Params params, Multipart body) throws IOException {
    String query = params.query() + (offline ? (params.query().isEmpty() ? "" : "&") + "offline=true" : "");
    Request req = http.newRequest(URI.create(base + "/api/v0/" + command + "?" + query))
        .method(HttpMethod.POST);
    if (body != null) {
      req.body(new InputStreamRequestContent(body.contentType(), body.stream()));
    }
    if (authorization != null) {
      req.headers(h -> h.put("Authorization", authorization));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    req.send(listener);
    Response resp;
    try {
      resp = listener.get(365, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to the daemon", e);
    } catch (TimeoutException e) {
      throw new IOException("the daemon did not answer", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConnectException ce) {
        throw ce;
      }
      throw new IOException("could not talk to the daemon: " + cause.getMessage(), cause);
    }
    InputStream in = listener.getInputStream();
    if (resp.getStatus() != 200) {
      String text;
      try (in) {
        text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      }
      throw new UserException(errorMessage(text, resp.getStatus()));
    }
    return new Body(in, resp);
  }

  private static String errorMessage(String text, int status) {
    String message = text.strip();
    try {
      JsonNode n = JsonTree.read(text);
      if (n != null && n.has("Message")) {
        message = n.get("Message").asText();
      }
    } catch (IOException notJson) {
      // a plain-text error
    }
    return message.isEmpty() ? "the daemon answered HTTP " + status : message;
  }

  /**
   * A response body; at its end, a {@code X-Stream-Error} trailer becomes the daemon's error.
   */
  static final class Body extends java.io.FilterInputStream {
    private final Response response;

    Body(InputStream in, Response response) {
      super(in);
      this.response = response;
    }

    /** A response header, if the daemon sent it. */
    Optional<String> header(String name) {
      return Optional.ofNullable(response.getHeaders().get(name));
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        checkTrailer();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n < 0) {
        checkTrailer();
      }
      return n;
    }

    private void checkTrailer() {
      HttpFields trailers = response.getTrailers();
      String err = trailers == null ? null : trailers.get("X-Stream-Error");
      if (err != null && !err.isBlank()) {
        throw new UserException(errorMessage(err, 500));
      }
    }
  }

  /** One JSON value from a non-streaming command. */
  JsonNode json(String command, Params params) throws IOException {
    try (InputStream in = call(command, params)) {
      return JsonTree.read(in);
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
          JsonNode n = JsonTree.read(l);
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
