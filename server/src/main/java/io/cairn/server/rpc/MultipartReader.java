package io.cairn.server.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * Reads a {@code multipart/form-data} body part by part as it arrives, each part's content as a
 * stream, so an upload of any size passes through in bounded memory (at most one read buffer of
 * {@value #READ_SIZE} bytes is held). Jetty's {@link MultiPart.Parser} does the parsing; it is
 * push-based, so this class drives it: when a part's stream needs bytes, the next piece of the
 * request body is read and fed to the parser, and the events it reports (part begins, headers,
 * content, part ends) are queued here and handed out in order.
 */
final class MultipartReader {
  static final int READ_SIZE = 64 * 1024;
  /** Largest header block of one part (Content-Disposition with a long URL-encoded name). */
  static final int MAX_PART_HEADERS = 16 * 1024;

  private sealed interface Event {}

  private record Header(String name, String value) implements Event {}

  private record HeadersDone() implements Event {}

  private record Bytes(byte[] data) implements Event {}

  private record PartEnd() implements Event {}

  private final InputStream body;
  private final MultiPart.Parser parser;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private final byte[] buffer = new byte[READ_SIZE];
  private boolean complete;
  private boolean bodyEnded;
  private Throwable failure;
  private Part current;

  private MultipartReader(InputStream body, String boundary) {
    this.body = body;
    this.parser = new MultiPart.Parser(boundary, new MultiPart.Parser.Listener() {
      @Override
      public void onPartHeader(String name, String value) {
        events.add(new Header(name, value));
      }

      @Override
      public void onPartHeaders() {
        events.add(new HeadersDone());
      }

      @Override
      public void onPartContent(Content.Chunk chunk) {
        ByteBuffer b = chunk.getByteBuffer();
        if (b.hasRemaining()) {
          byte[] copy = new byte[b.remaining()];
          b.get(copy);
          events.add(new Bytes(copy));
        }
      }

      @Override
      public void onPartEnd() {
        events.add(new PartEnd());
      }

      @Override
      public void onComplete() {
        complete = true;
      }

      @Override
      public void onFailure(Throwable failure) {
        MultipartReader.this.failure = failure;
      }
    });
    parser.setMaxParts(-1);
    parser.setPartHeadersMaxLength(MAX_PART_HEADERS);
  }

  /**
   * A reader for a request with {@code contentType}.
   *
   * @throws RpcException (400) when the request is not multipart/form-data with a boundary
   */
  static MultipartReader open(String contentType, InputStream body, String command) throws RpcException {
    String type = contentType == null ? "" : HttpField.stripParameters(contentType).trim().toLowerCase(Locale.ROOT);
    String boundary = contentType == null ? null : MultiPart.extractBoundary(contentType);
    if (!type.equals("multipart/form-data") || boundary == null || boundary.isEmpty()) {
      throw RpcException.badRequest(command + " needs its files as a multipart/form-data body (got "
          + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ")");
    }
    return new MultipartReader(body, boundary);
  }

  /** The next part (the previous one's unread content is skipped), or null after the last. */
  Part next() throws IOException {
    if (current != null) {
      current.skip();
      current = null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    while (true) {
      Event e = events.poll();
      if (e == null) {
        if (complete) {
          return null;
        }
        fill();
        continue;
      }
      if (e instanceof Header h) {
        headers.put(h.name().toLowerCase(Locale.ROOT), h.value());
      } else if (e instanceof HeadersDone) {
        current = new Part(headers);
        return current;
      }
    }
  }

  /** Feeds the parser the next piece of the body. */
  private void fill() throws IOException {
    checkFailure();
    if (bodyEnded) {
      throw new MultipartException("the request body ended before the closing multipart boundary");
    }
    int n = body.read(buffer);
    try {
      if (n < 0) {
        bodyEnded = true;
        parser.parse(Content.Chunk.EOF);
      } else if (n > 0) {
        parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
      }
    } catch (RuntimeException e) {
      throw new MultipartException("malformed multipart body: " + e.getMessage());
    }
    checkFailure();
  }

  private void checkFailure() throws MultipartException {
    if (failure != null) {
      throw new MultipartException("malformed multipart body: " + failure.getMessage());
    }
  }

  /** One part: its headers and its content, readable once. */
  final class Part {
    private final Map<String, String> headers;
    private final String formName;
    private final String fileName;
    private final InputStream content = new PartStream();
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean ended;

    private Part(Map<String, String> headers) {
      this.headers = headers;
      Map<String, String> params = new HashMap<>();
      String cd = headers.get("content-disposition");
      if (cd != null) {
        HttpField.getValueParameters(cd, params);
      }
      this.formName = params.getOrDefault("name", "");
      this.fileName = params.get("filename");
    }

    /** The form field name, e.g. {@code file-1?mode=0644&mtime=1700000000}. */
    String formName() {
      return formName;
    }

    /** The {@code filename} parameter as sent (still URL-encoded), or null. */
    String fileName() {
      return fileName;
    }

    /** The media type without parameters, lower case; "" when none was sent. */
    String contentType() {
      String ct = headers.get("content-type");
      return ct == null ? "" : HttpField.stripParameters(ct).trim().toLowerCase(Locale.ROOT);
    }

    InputStream content() {
      return content;
    }

    private void skip() throws IOException {
      byte[] scratch = new byte[8192];
      while (content.read(scratch) >= 0) {
        // discard
      }
    }

    /** Hands out queued content, feeding the parser when the queue runs dry. */
    private final class PartStream extends InputStream {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (pos == chunk.length) {
          if (ended) {
            return -1;
          }
          Event e = events.poll();
          if (e == null) {
            if (complete) {
              throw new MultipartException("a part ended without its boundary");
            }
            fill();
          } else if (e instanceof Bytes bytes) {
            chunk = bytes.data();
            pos = 0;
          } else if (e instanceof PartEnd) {
            ended = true;
          } else {
            events.addFirst(e);
            ended = true;
          }
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
      }
    }
  }

  /** The body is not valid multipart. */
  static final class MultipartException extends IOException {
    MultipartException(String message) {
      super(message);
    }
  }
}
