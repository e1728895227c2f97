package io.cairn.server.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A small HTTP proxy in front of a real daemon's gateway that counts what it passes on and can
 * misbehave: flip the last byte of every response (a corrupted block), send slowly, stop after
 * a byte budget, or be killed (every response cut off, every new one refused). Bodies are sent
 * chunked, so a cut-off response is seen by the client as broken, not as short.
 */
final class FaultProxy implements AutoCloseable {
  private final String upstream;
  private final Server server = new Server();
  private final HttpClient client = new HttpClient();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  final List<String> paths = new CopyOnWriteArrayList<>();
  private volatile boolean corrupt;
  private volatile long bytesPerSecond;
  private volatile long budget = Long.MAX_VALUE;
  private volatile boolean killed;
  private volatile Runnable onBytes = () -> {};
  private volatile long onBytesAfter = Long.MAX_VALUE;

  FaultProxy(String upstream) throws Exception {
    this.upstream = upstream;
    client.getContentDecoderFactories().clear();
    client.start();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request req, Response resp, Callback cb) {
        forward(req, resp, cb);
        return true;
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  FaultProxy corrupting() {
    corrupt = true;
    return this;
  }

  FaultProxy throttled(long rate) {
    bytesPerSecond = rate;
    return this;
  }

  FaultProxy budget(long maxBytes) {
    budget = maxBytes;
    return this;
  }

  /** Runs {@code action} once, when this many body bytes have been passed on. */
  FaultProxy after(long n, Runnable action) {
    onBytesAfter = n;
    onBytes = action;
    return this;
  }

  void kill() {
    killed = true;
  }

  long bytes() {
    return bytes.get();
  }

  long requests() {
    return requests.get();
  }

  private void forward(Request req, Response resp, Callback cb) {
    requests.incrementAndGet();
    String query = req.getHttpURI().getQuery();
    String path = Request.getPathInContext(req) + (query == null ? "" : "?" + query);
    paths.add(path);
    if (killed || bytes.get() >= budget) {
      cb.failed(new IOException("proxy: killed or out of budget"));
      return;
    }
    try {
      InputStreamResponseListener l = new InputStreamResponseListener();
      String accept = req.getHeaders().get(HttpHeader.ACCEPT);
      client.newRequest(upstream + path).headers(h -> {
        if (accept != null) {
          h.put(HttpHeader.ACCEPT, accept);
        }
      }).send(l);
      org.eclipse.jetty.client.Response up = l.get(30, TimeUnit.SECONDS);
      resp.setStatus(up.getStatus());
      String type = up.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (type != null) {
        resp.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      }
      OutputStream out = Content.Sink.asOutputStream(resp);
      try (InputStream in = l.getInputStream()) {
        int chunk = bytesPerSecond > 0 ? 512 : 64 << 10;
        byte[] held = null;
        int heldLen = 0;
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf)) > 0; ) {
          if (killed || bytes.get() >= budget) {
            cb.failed(new IOException("proxy: cut off"));
            return;
          }
          if (held != null) {
            send(out, held, heldLen);
          }
          held = buf.clone();
          heldLen = n;
        }
        if (held != null) {
          if (corrupt) {
            held[heldLen - 1] ^= 0x01;
          }
          send(out, held, heldLen);
        }
      }
      out.close();
      cb.succeeded();
    } catch (Exception e) {
      cb.failed(e);
    }
  }

  private void send(OutputStream out, byte[] b, int n) throws IOException, InterruptedException {
    if (bytesPerSecond > 0) {
      Thread.sleep(Math.max(1, n * 1000L / bytesPerSecond));
    }
    out.write(b, 0, n);
    out.flush();
    long total = bytes.addAndGet(n);
    if (total >= onBytesAfter) {
      onBytesAfter = Long.MAX_VALUE;
      Thread.ofVirtual().start(onBytes);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
    client.stop();
  }
}
