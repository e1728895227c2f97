package io.cairn.server.gateway;

import io.cairn.server.Metrics;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * A response body as a blocking stream (handlers run on virtual threads): writes are gathered
 * into 64 KiB pieces, and each piece handed to Jetty is counted as bytes sent. {@link #close}
 * ends the body; a body that is never closed is never marked complete, which is how a failed
 * stream stays visibly incomplete to the client.
 */
final class ResponseBody extends OutputStream {
  static final int BUFFER = 64 * 1024;

  private final OutputStream out;

  ResponseBody(Response response, Metrics metrics) {
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
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  /** Sends what is buffered now (the status and headers go with the first bytes). */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
