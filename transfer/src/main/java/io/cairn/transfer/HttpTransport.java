package io.cairn.transfer;

import io.cairn.codec.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The trustless gateway protocol's client side, over Jetty's HttpClient: HTTP/1.1 with kept-alive
 * connections (at most {@code perProvider} per provider), or HTTP/2 — negotiated over TLS, or
 * without TLS by prior knowledge when {@link TransferSettings#h2c} says so — with every request a
 * stream of one connection. Asks for CARs ({@code dups=n}) and raw
 * blocks; every response is streamed, with a stall (idle) timeout.
 */
final class HttpTransport implements AutoCloseable {
  static final String CAR_TYPE = "application/vnd.ipld.car; version=1; order=dfs; dups=n";
  static final String RAW_TYPE = "application/vnd.ipld.raw";
  /** Largest raw block accepted (Kubo's and boxo's limit is 2 MiB). */
  static final int MAX_BLOCK = 2 << 20;

  /** HTTP/2 receive windows: wide enough that flow control never paces a fast link. */
  private static final int H2_SESSION_WINDOW = 32 << 20;
  private static final int H2_STREAM_WINDOW = 16 << 20;

  /** Bytes read from a connection at a time: a CAR streams in fewer, larger pieces (Jetty's default: 16 KiB). */
  private static final int RESPONSE_BUFFER = 256 << 10;

  private final HttpClient client;
  private final TransferSettings settings;

  HttpTransport(TransferSettings settings) throws IOException {
    this.settings = settings;
    QueuedThreadPool pool = new QueuedThreadPool(64, 2);
    pool.setName("cairn-fetch");
    pool.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    HTTP2Client h2 = new HTTP2Client(connector);
    h2.setInitialSessionRecvWindow(H2_SESSION_WINDOW);
    h2.setInitialStreamRecvWindow(H2_STREAM_WINDOW);
    // HTTP/1.1 first; HTTP/2 when TLS negotiates it (ALPN) or a request asks for it (h2c)
    client = new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11,
        new ClientConnectionFactoryOverHTTP2.HTTP2(h2)));
    client.setExecutor(pool);
    client.setConnectTimeout(settings.connectTimeout().toMillis());
    client.setIdleTimeout(settings.stallTimeout().toMillis());
    client.setFollowRedirects(false);
    client.setUserAgentField(new org.eclipse.jetty.http.HttpField(HttpHeader.USER_AGENT, Transfer.USER_AGENT));
    client.setMaxConnectionsPerDestination(Math.max(settings.perProvider(), 1) + 2);
    client.getContentDecoderFactories().clear(); // blocks are incompressible; count bytes as sent
    client.setResponseBufferSize(RESPONSE_BUFFER);
    try {
      client.start();
    } catch (Exception e) {
      throw new IOException("the HTTP client did not start: " + e.getMessage(), e);
    }
  }

  /** Opens {@code GET /ipfs/{cid}?format=car&dag-scope=all&dups=n}. */
  Exchange car(Provider p, Cid cid, Exchange.WireCounter counter) throws ProviderException {
    return open(p, "/ipfs/" + cid + "?format=car&dag-scope=all&dups=n", CAR_TYPE, counter);
  }

  /** Opens {@code GET /ipfs/{cid}?format=car&dag-scope=entity&entity-bytes=from:last&dups=n}. */
  Exchange carRange(Provider p, Cid cid, long from, long last, Exchange.WireCounter counter) throws ProviderException {
    return open(p, "/ipfs/" + cid + "?format=car&dag-scope=entity&entity-bytes=" + from + ":" + last + "&dups=n",
        CAR_TYPE, counter);
  }

  /** Opens {@code GET /ipfs/{cid}?format=raw}. */
  Exchange raw(Provider p, Cid cid, Exchange.WireCounter counter) throws ProviderException {
    return open(p, "/ipfs/" + cid + "?format=raw", RAW_TYPE, counter);
  }

  /** A JSON document (routing answers), up to {@code limit} bytes; null for a 404. */
  byte[] json(String url, int limit) throws IOException {
    Request r = client.newRequest(url).headers(h -> h.put(HttpHeader.ACCEPT, "application/json"))
        .idleTimeout(settings.stallTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .timeout(settings.connectTimeout().plus(settings.stallTimeout()).toMillis(), TimeUnit.MILLISECONDS);
    InputStreamResponseListener l = new InputStreamResponseListener();
    r.send(l);
    Response resp = await(l, url);
    try (InputStream in = l.getInputStream()) {
      if (resp.getStatus() == 404) {
        return null;
      }
      if (resp.getStatus() != 200) {
        throw new TransferException(url + " answered HTTP " + resp.getStatus());
      }
      byte[] b = in.readNBytes(limit + 1);
      if (b.length > limit) {
        throw new TransferException(url + " answered more than " + limit + " bytes");
      }
      return b;
    }
  }

  private Exchange open(Provider p, String path, String accept, Exchange.WireCounter counter)
      throws ProviderException {
    p.countRequest();
    Request r = client.newRequest(p.baseUrl() + path)
        .headers(h -> h.put(HttpHeader.ACCEPT, accept))
        .idleTimeout(settings.stallTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (settings.h2c() && p.baseUrl().startsWith("http:")) {
      r.version(HttpVersion.HTTP_2);
    }
    InputStreamResponseListener l = new InputStreamResponseListener();
    r.send(l);
    Response resp;
    try {
      resp = await(l, p.baseUrl() + path);
    } catch (IOException e) {
      throw new ProviderException(p, e.getMessage(), e);
    }
    p.noteProtocol(resp.getVersion());
    Exchange x = new Exchange(p, r, l.getInputStream(), counter);
    if (resp.getStatus() != 200) {
      x.close();
      throw new ProviderException(p, "answered HTTP " + resp.getStatus() + " to " + path);
    }
    return x;
  }

  private Response await(InputStreamResponseListener l, String url) throws IOException {
    try {
      return l.get(settings.connectTimeout().plus(settings.stallTimeout()).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for " + url);
    } catch (TimeoutException e) {
      throw new TransferException("no answer from " + url + " in time");
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new TransferException("request to " + url + " failed: " + c, c);
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception ignored) {
      // stopping a client only releases connections
    }
  }
}
