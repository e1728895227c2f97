package io.cairn.server.gateway;

import io.cairn.server.Metrics;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * A response body as a blocking stream (its handler runs on a virtual thread): writes are gathered
 * into 64 KiB pieces, and each piece handed to Jetty is counted as bytes sent. {@link #close}
 * ends the body; a body that is never closed is never marked complete, which is how a failed
 * stream stays visibly incomplete to the client.
 *
 * <p>With work to do before the end ({@link BeforeEnd}), the last byte written is always held
 * back until that work is done: a body with a Content-Length ends for the client with its last
 * byte, not with a closing chunk, so sending everything first would let the client see the end
 * before the work (seen: {@code NodeFetchTest} found blocks of a served file not yet stored).
 */
final class ResponseBody extends OutputStream {
  static final int BUFFER = 64 * 1024;

  private final OutputStream out;
  private final BeforeEnd beforeEnd;
  /** With {@link #beforeEnd}: the last byte written, not sent yet; -1 when none. */
  private int heldBack = -1;

  /** Work that must be done before the client can see the body end (see {@link GatewayResponse#beforeEnd}). */
  interface BeforeEnd {
    void run() throws IOException;
  }

  ResponseBody(Response response, Metrics metrics, BeforeEnd beforeEnd) {
    this.beforeEnd = beforeEnd;
    OutputStream jetty = Content.Sink.asOutputStream(response);
    this.out = new BufferedOutputStream(new FilterOutputStream(jetty) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        metrics.sent(len);
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        metrics.sent(1);
      }
    }, BUFFER);
  }

  @Override
  public void write(int b) throws IOException {
    if (beforeEnd == null) {
      out.write(b);
      return;
    }
    releaseHeldBack();
    heldBack = b & 0xff;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (beforeEnd == null) {
      out.write(b, off, len);
      return;
    }
    if (len == 0) {
      return;
    }
    releaseHeldBack();
    out.write(b, off, len - 1);
    heldBack = b[off + len - 1] & 0xff;
  }

  private void releaseHeldBack() throws IOException {
    if (heldBack >= 0) {
      out.write(heldBack);
      heldBack = -1;
    }
  }

  /**
   * Writes a piece as it is (a whole block, say): pieces of {@link #BUFFER} bytes or more are
   * handed to Jetty without a copy, after what is buffered; smaller ones are gathered.
   */
  void write(ByteBuffer piece) throws IOException {
    if (piece.hasArray()) {
      write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
    } else {
      byte[] copy = new byte[piece.remaining()];
      piece.get(copy);
      write(copy, 0, copy.length);
    }
  }

  /** Sends what is buffered now (the status and headers go with the first bytes). */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (beforeEnd != null) {
      out.flush(); // all but the held-back byte goes out while the work runs
      beforeEnd.run();
      releaseHeldBack();
    }
    out.close();
  }
}
