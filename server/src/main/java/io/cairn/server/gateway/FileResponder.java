package io.cairn.server.gateway;

import io.cairn.codec.Cid;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A UnixFS file's bytes (or a raw block's, which is a one-block file), with a Content-Type
 * from its name or its first bytes, and HTTP ranges: one range is a 206 with Content-Range,
 * several are a 206 {@code multipart/byteranges} written part by part, none satisfiable is
 * 416. Each range is read with {@link UnixfsExporter#open(Cid, long, long)}, which does not
 * fetch the blocks before it.
 */
final class FileResponder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final UnixfsExporter exporter;

  FileResponder(UnixfsExporter exporter) {
    this.exporter = exporter;
  }

  /**
   * @param file the file's CID
   * @param size its size in bytes
   * @param name the name that gives its type ("" when unknown)
   */
  void respond(GatewayRequest req, Resolution res, GatewayResponse out, Cid file, long size, String name)
      throws IOException {
    String etag = Etags.deserialized(file);
    if (out.prepare(res, etag)) {
      return;
    }
    String type = contentType(req, file, size, name);
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.ACCEPT_RANGES, "bytes");
    if (req.filename() != null || req.download()) {
      String fn = req.filename() != null ? req.filename() : name.isEmpty() ? file.toString() : name;
      out.disposition(req.download() ? "attachment" : "inline", fn);
    }
    boolean rangeApplies = req.range() != null
        && (req.ifRange() == null || GatewayResponse.matches(req.ifRange(), etag));
    ByteRanges.Outcome outcome = rangeApplies ? ByteRanges.parse(req.range(), size) : new ByteRanges.Whole();
    switch (outcome) {
      case ByteRanges.Whole w -> {
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_LENGTH, Long.toString(size));
        if (!req.head()) {
          ResponseBody body = out.open(200);
          copy(file, 0, size, body);
          body.close();
        }
      }
      case ByteRanges.Unsatisfiable u -> {
        byte[] text = ("no requested range overlaps the file's " + size + " bytes\n").getBytes(StandardCharsets.UTF_8);
        h.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        h.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(text.length));
        h.remove(HttpHeader.CACHE_CONTROL);
        if (req.head()) {
          out.jetty().setStatus(416);
        } else {
          ResponseBody body = out.open(416);
          body.write(text);
          body.close();
        }
      }
      case ByteRanges.Parts p when p.spans().size() == 1 -> {
        ByteRanges.Span s = p.spans().get(0);
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CONTENT_RANGE, s.contentRange(size));
        h.put(HttpHeader.CONTENT_LENGTH, Long.toString(s.length()));
        if (req.head()) {
          out.jetty().setStatus(206);
        } else {
          ResponseBody body = out.open(206);
          copy(file, s.first(), s.length(), body);
          body.close();
        }
      }
      case ByteRanges.Parts p -> multipart(req, out, file, size, type, p.spans());
    }
  }

  /** Several ranges as {@code multipart/byteranges} (RFC 9110 §14.6), with an exact Content-Length. */
  private void multipart(GatewayRequest req, GatewayResponse out, Cid file, long size, String type,
      List<ByteRanges.Span> spans) throws IOException {
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
      copy(file, spans.get(i).first(), spans.get(i).length(), body);
    }
    body.write(tail);
    body.close();
  }

  /** Copies exactly {@code length} bytes of the file from {@code offset}, or fails. */
  private void copy(Cid file, long offset, long length, OutputStream to) throws IOException {
    byte[] buf = new byte[ResponseBody.BUFFER];
    long left = length;
    try (InputStream in = exporter.open(file, offset, length)) {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException(file + " ended " + left + " bytes before its declared size");
        }
        to.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private String contentType(GatewayRequest req, Cid file, long size, String name) throws IOException {
    if (req.filename() != null) {
      var byFilename = ContentTypes.byName(req.filename());
      if (byFilename.isPresent()) {
        return byFilename.get();
      }
    }
    var byName = ContentTypes.byName(name);
    if (byName.isPresent()) {
      return byName.get();
    }
    byte[] head;
    try (InputStream in = exporter.open(file, 0, ContentTypes.SNIFF_BYTES)) {
      head = in.readAllBytes();
    }
    return ContentTypes.sniff(head, size <= ContentTypes.SNIFF_BYTES);
  }
}
