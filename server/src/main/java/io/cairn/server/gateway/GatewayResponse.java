package io.cairn.server.gateway;

import io.cairn.server.Metrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The response side of one gateway request: the headers every /ipfs response shares,
 * conditional requests (If-None-Match → 304), the body (streamed with {@link #open}, or held
 * in memory with {@link #send} and written without blocking by {@link #finish}), and
 * plain-text errors.
 */
final class GatewayResponse {
  static final String IMMUTABLE = "public, max-age=29030400, immutable";
  static final String NOSNIFF_HEADER = "X-Content-Type-Options";

  // Headers that never change, encoded once: Jetty copies their bytes as they are.
  static final HttpField CACHE_IMMUTABLE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, IMMUTABLE);
  static final HttpField VARY_ACCEPT = new PreEncodedHttpField(HttpHeader.VARY, "Accept");
  static final HttpField NOSNIFF = new PreEncodedHttpField(NOSNIFF_HEADER, "nosniff");
  static final HttpField RANGES_BYTES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
  static final HttpField RANGES_NONE = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "none");
  private static final List<HttpField> CORS = List.of(
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"),
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
          "Content-Type, Range, User-Agent, X-Requested-With"),
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS,
          "Content-Length, Content-Range, Content-Type, Etag, X-Ipfs-Path, X-Ipfs-Roots"));

  private final GatewayRequest request;
  private final Response response;
  private final Metrics metrics;
  private ResponseBody body;
  private ResponseBody.BeforeEnd beforeEnd;
  private ByteBuffer content;

  GatewayResponse(GatewayRequest request, Response response, Metrics metrics) {
    this.request = request;
    this.response = response;
    this.metrics = metrics;
  }

  HttpFields.Mutable headers() {
    return response.getHeaders();
  }

  Response jetty() {
    return response;
  }

  /**
   * Cache-Control, X-Ipfs-Path, X-Ipfs-Roots and Vary; then the Etag. Returns true (having set
   * 304) when {@code If-None-Match} names that Etag or is {@code *}: send nothing more.
   */
  boolean prepare(Resolution resolution, String etag) {
    HttpFields.Mutable h = response.getHeaders();
    cacheControl();
    h.put("X-Ipfs-Path", request.path().raw());
    h.put("X-Ipfs-Roots", resolution.rootsHeader());
    h.put(VARY_ACCEPT);
    h.put(HttpHeader.ETAG, etag);
    if (matches(request.ifNoneMatch(), etag)) {
      response.setStatus(304);
      return true;
    }
    return false;
  }

  /**
   * Cache-Control: immutable for {@code /ipfs/} paths; for {@code /ipns/} paths the record's
   * TTL, as what the name points to changes when a new record is published.
   */
  void cacheControl() {
    java.time.Duration ttl = request.path().ttl();
    if (ttl == null) {
      response.getHeaders().put(CACHE_IMMUTABLE);
    } else {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=" + ttl.toSeconds());
    }
  }

  /** Whether an {@code If-None-Match} value names {@code etag} (weakly compared) or is {@code *}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String want = opaque(etag);
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || opaque(t).equals(want)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /**
   * Sets the status and the whole body, already in memory: nothing is written until
   * {@link #finish}, which writes it in one go without blocking.
   */
  void send(int status, ByteBuffer whole) {
    response.setStatus(status);
    content = whole;
  }

  /**
   * Completes the response: writes the body given to {@link #send} (the callback completes when
   * it is out), or ends a response whose body was streamed and closed, or that has none.
   */
  void finish(Callback callback) {
    if (content == null) {
      callback.succeeded();
      return;
    }
    metrics.sent(content.remaining());
    response.write(true, content, callback);
  }

  /** Sets the status and opens the body; from here on a failure can only abort the response. */
  ResponseBody open(int status) {
    response.setStatus(status);
    body = new ResponseBody(response, metrics, beforeEnd);
    return body;
  }

  /**
   * Runs {@code work} before a streamed body ends (when a responder closes it): a client that has
   * read the whole answer can count on what the work did (the blocks it was sent being stored).
   */
  void beforeEnd(ResponseBody.BeforeEnd work) {
    beforeEnd = work;
  }

  /**
   * Answers a HEAD whose GET streams a body of unknown length (a CAR, a directory listing):
   * sends the status and headers now, without a Content-Length. Left to itself, Jetty would
   * end an empty response with {@code Content-Length: 0}, a length GET never has (RFC 9110
   * §9.3.2: HEAD's headers are GET's).
   */
  void headOfStream(int status) throws IOException {
    open(status).flush();
  }

  /** Whether the body was opened (the status is then final). */
  boolean streaming() {
    return body != null;
  }

  /** Sets {@code Content-Disposition}, with an RFC 8187 UTF-8 form for names that need it. */
  void disposition(String kind, String filename) {
    StringBuilder ascii = new StringBuilder();
    boolean plain = true;
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      boolean ok = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      ascii.append(ok ? c : '_');
      plain &= ok;
    }
    String value = kind + "; filename=\"" + ascii + "\"";
    if (!plain) {
      value += "; filename*=UTF-8''" + Html.percentEncode(filename);
    }
    response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, value);
  }

  /** Adds the CORS headers that let any page read gateway responses. */
  static void cors(HttpFields.Mutable h) {
    for (HttpField f : CORS) {
      h.put(f);
    }
  }

  /**
   * Answers with {@code status} and a one-line plain-text reason, dropping any headers set so
   * far (no caching of errors). The response must not be committed.
   *
   * @param allow the {@code Allow} header for a 405, or null
   */
  static void error(Response response, Callback callback, boolean head, Metrics metrics, int status, String message,
      String allow) {
    response.reset();
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    cors(h);
    if (allow != null) {
      h.put(HttpHeader.ALLOW, allow);
    }
    byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
    h.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    h.put(NOSNIFF);
    h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(text.length));
    if (head) {
      callback.succeeded();
      return;
    }
    metrics.sent(text.length);
    response.write(true, ByteBuffer.wrap(text), callback);
  }
}
