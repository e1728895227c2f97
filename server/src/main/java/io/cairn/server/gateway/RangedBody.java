package io.cairn.server.gateway;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What to send for a representation of known size, as the {@code Range} and {@code If-Range}
 * headers ask (RFC 9110 §14): no range (or one ignored) is 200 with the whole; one range is a
 * 206 with Content-Range; several are a 206 {@code multipart/byteranges}; none satisfiable is
 * 416. {@link #plan} sets the headers, always with an exact Content-Length (HEAD's too), and
 * says which bytes make the body; the caller sends them, streamed (a file) or from memory (a
 * raw block). Files and raw blocks both answer through here.
 */
final class RangedBody {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A piece of the body. */
  sealed interface Part {}

  /** Bytes of our own (multipart delimiters, the 416 reason). */
  record Bytes(byte[] bytes) implements Part {}

  /** {@code length} bytes of the representation from {@code offset}. */
  record Slice(long offset, long length) implements Part {}

  /** The status to answer with and the parts of the body, in order. */
  record Plan(int status, List<Part> parts) {}

  private RangedBody() {}

  /**
   * @param etag the representation's Etag (what {@code If-Range} must name for ranges to apply)
   * @param type its Content-Type
   * @param size its size in bytes
   */
  static Plan plan(GatewayRequest req, GatewayResponse out, String etag, String type, long size) {
    HttpFields.Mutable h = out.headers();
    h.put(GatewayResponse.RANGES_BYTES);
    boolean rangeApplies = req.range() != null
        && (req.ifRange() == null || GatewayResponse.matches(req.ifRange(), etag));
    ByteRanges.Outcome outcome = rangeApplies ? ByteRanges.parse(req.range(), size) : new ByteRanges.Whole();
    return switch (outcome) {
      case ByteRanges.Whole w -> {
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_LENGTH, Long.toString(size));
        yield new Plan(200, List.of(new Slice(0, size)));
      }
      case ByteRanges.Unsatisfiable u -> {
        byte[] text = ("no requested range overlaps the " + size + " bytes there are\n")
            .getBytes(StandardCharsets.UTF_8);
        h.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        h.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(text.length));
        h.remove(HttpHeader.CACHE_CONTROL);
        yield new Plan(416, List.of(new Bytes(text)));
      }
      case ByteRanges.Parts p when p.spans().size() == 1 -> {
        ByteRanges.Span s = p.spans().get(0);
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_RANGE, s.contentRange(size));
        h.put(HttpHeader.CONTENT_LENGTH, Long.toString(s.length()));
        yield new Plan(206, List.of(new Slice(s.first(), s.length())));
      }
      case ByteRanges.Parts p -> multipart(h, size, type, p.spans());
    };
  }

  /** Several ranges as {@code multipart/byteranges} (RFC 9110 §14.6). */
  private static Plan multipart(HttpFields.Mutable h, long size, String type, List<ByteRanges.Span> spans) {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    String boundary = "cairn-" + HexFormat.of().formatHex(random);
    List<Part> parts = new ArrayList<>();
    long length = 0;
    for (ByteRanges.Span s : spans) {
      byte[] head = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: " + s.contentRange(size)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      parts.add(new Bytes(head));
      parts.add(new Slice(s.first(), s.length()));
      length += head.length + s.length();
    }
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    parts.add(new Bytes(tail));
    length += tail.length;
    h.put(HttpHeader.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
    h.put(HttpHeader.CONTENT_LENGTH, Long.toString(length));
    return new Plan(206, parts);
  }
}
