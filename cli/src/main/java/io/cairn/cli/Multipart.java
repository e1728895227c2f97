package io.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A multipart/form-data request body (RFC 7578) written as it is sent: a producer thread
 * writes parts into a pipe the HTTP client reads, so files of any size are never held in
 * memory. Parts are framed as kubo-rpc-client frames them (field name, URL-encoded path as
 * the file name). If the producer fails, the closing boundary is never written, so the
 * server sees a truncated body and stores nothing; {@link #failure} then says why.
 */
final class Multipart {
  /** Writes the parts. */
  interface Source {
    void writeTo(Multipart.Writer parts) throws IOException;
  }

  private final Source source;
  private final String boundary = "cairn-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private volatile IOException failure;

  Multipart(Source source) {
    this.source = source;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The local error that cut the body short, if any. */
  IOException failure() {
    return failure;
  }

  InputStream stream() {
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread.ofVirtual().name("cairn-upload").start(() -> {
      try (out) {
        Writer w = new Writer(out);
        source.writeTo(w);
        w.finish();
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        failure = new IOException(Main.describe(e), e);
      }
    });
    return in;
  }

  /** Writes one part after another. */
  final class Writer {
    private final OutputStream out;
    private int index;

    private Writer(OutputStream out) {
      this.out = out;
    }

    /** A part: {@code field} (e.g. {@code file?mode=0644}), the file name, its content type and body. */
    void part(String field, String filename, String contentType, InputStream content) throws IOException {
      StringBuilder h = new StringBuilder();
      if (index++ > 0) {
        h.append("\r\n");
      }
      h.append("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(field).append("\"; filename=\"")
          .append(filename).append("\"\r\n")
          .append("Content-Type: ").append(contentType).append("\r\n\r\n");
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
      if (content != null) {
        content.transferTo(out);
      }
    }

    private void finish() throws IOException {
      out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
