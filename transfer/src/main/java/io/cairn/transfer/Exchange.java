package io.cairn.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.client.Request;

/**
 * One response being read: its body as a stream that counts the bytes it delivers (to the
 * provider and the fetch), and a way to cut it off from another thread (a slow provider).
 */
final class Exchange implements AutoCloseable {
  private final Provider provider;
  private final Request request;
  private final InputStream body;
  private final long startNanos = System.nanoTime();
  private volatile long bytes;
  private volatile String abortReason;

  Exchange(Provider provider, Request request, InputStream raw, WireCounter counter) {
    this.provider = provider;
    this.request = request;
    this.body = new FilterInputStream(raw) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          counted(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          counted(n);
        }
        return n;
      }

      private void counted(int n) {
        bytes += n;
        provider.countBytes(n);
        counter.add(n);
      }
    };
  }

  Provider provider() {
    return provider;
  }

  InputStream body() {
    return body;
  }

  long bytes() {
    return bytes;
  }

  long ageNanos() {
    return System.nanoTime() - startNanos;
  }

  /** Bytes per second so far. */
  double rate() {
    return bytes / Math.max(1e-3, ageNanos() / 1e9);
  }

  /** Cuts the response off; the reader then fails with an IOException. */
  void abort(String reason) {
    abortReason = reason;
    request.abort(new ProviderException(provider, reason));
  }

  /** Why {@link #abort} was called, or null. */
  String abortReason() {
    return abortReason;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // closing aborts a partly read response; nothing to report
    }
  }

  /** Where the bytes of every response are added up (the fetch's wire total). */
  @FunctionalInterface
  interface WireCounter {
    void add(long n);
  }
}
