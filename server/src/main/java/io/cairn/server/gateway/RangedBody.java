package io.cairn.server.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Sends a representation of known size as the {@code Range} and {@code If-Range} headers ask
 * (RFC 9110 §14): no range (or one ignored) is 200 with the whole; one range is a 206 with
 * Content-Range; several are a 206 {@code multipart/byteranges} written part by part; none
 * satisfiable is 416. Every answer carries an exact Content-Length, on HEAD too. Files and raw
 * blocks both answer through here; the caller has set the other headers.
 */
final class RangedBody {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where the bytes come from: any slice of the representation, copied to the body. */
  @FunctionalInterface
  interface Source {
    /** Writes exactly {@code length} bytes from {@code offset}, or fails. */
    void copy(long offset, long length, ResponseBody to) throws IOException;
  }

  private RangedBody() {}

  /**
   * @param etag the representation's Etag (what {@code If-Range} must name for the range to apply)
   * @param type its Content-Type
   * @param size its size in bytes
   */
  static void send(GatewayRequest req, GatewayResponse out, String etag, String type, long size, Source source)
      throws IOException {
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.ACCEPT_RANGES, "bytes");
    boolean rangeApplies = req.range() != null
        && (req.ifRange() == null || GatewayResponse.matches(req.ifRange(), etag));
    ByteRanges.Outcome outcome = rangeApplies ? ByteRanges.parse(req.range(), size) : new ByteRanges.Whole();
    switch (outcome) {
      case ByteRanges.Whole w -> {
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_LENGTH, Long.toString(size));
        part(req, out, 200, source, 0, size);
      }
      case ByteRanges.Unsatisfiable u -> {
        byte[] text = ("no requested range overlaps the " + size + " bytes there are\n").getBytes(StandardCharsets.UTF_8);
        h.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        h.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(text.length));
        h.remove(HttpHeader.CACHE_CONTROL);
        part(req, out, 416, (offset, length, to) -> to.write(text), 0, text.length);
      }
      case ByteRanges.Parts p when p.spans().size() == 1 -> {
        ByteRanges.Span s = p.spans().get(0);
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_RANGE, s.contentRange(size));
        h.put(HttpHeader.CONTENT_LENGTH, Long.toString(s.length()));
        part(req, out, 206, source, s.first(), s.length());
      }
      case ByteRanges.Parts p -> multipart(req, out, size, type, p.spans(), source);
    }
  }

  /** Sets the status; for GET, sends {@code length} bytes from {@code offset} and ends the body. */
  private static void part(GatewayRequest req, GatewayResponse out, int status, Source source, long offset,
      long length) throws IOException {
    if (req.head()) {
      out.jetty().setStatus(status);
      return;
    }
    ResponseBody body = out.open(status);
    source.copy(offset, length, body);
    body.close();
  }

  /** Several ranges as {@code multipart/byteranges} (RFC 9110 §14.6), with an exact Content-Length. */
  private static void multipart(GatewayRequest req, GatewayResponse out, long size, String type,
      List<ByteRanges.Span> spans, Source source) throws IOException {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    String boundary = "cairn-" + HexFormat.of().formatHex(random);
    long length = 0;
    byte[][] heads = new byte[spans.size()][];
    for (int i = 0; i < spans.size(); i++) {
      ByteRanges.Span s = spans.get(i);
      heads[i] = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: " + s.contentRange(size)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      length += heads[i].length + s.length();
    }
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    length += tail.length;
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
    h.put(HttpHeader.CONTENT_LENGTH, Long.toString(length));
    if (req.head()) {
      out.jetty().setStatus(206);
      return;
    }
    ResponseBody body = out.open(206);
    for (int i = 0; i < spans.size(); i++) {
      body.write(heads[i]);
      source.copy(spans.get(i).first(), spans.get(i).length(), body);
    }
    body.write(tail);
    body.close();
  }
}
