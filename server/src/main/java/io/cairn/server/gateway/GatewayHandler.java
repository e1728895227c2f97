package io.cairn.server.gateway;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.server.Metrics;
import io.cairn.server.NodeContext;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET}/{@code HEAD /ipfs/{cid}[/path]}: the trustless gateway (raw blocks and CARs) and
 * the path gateway (files, directories) over the local store. Read-only and local: nothing is
 * ever fetched from the network, so a missing block is a 404.
 *
 * <p>A request is parsed and its path resolved before anything is sent; every refusal then is
 * a status with a one-line plain-text reason. Once a body has begun, a failure aborts the
 * response (the connection is cut without the final chunk), so a client never mistakes a
 * truncated CAR or file for a whole one.
 *
 * <p>Threads: Jetty calls this handler on its selector threads (it is non-blocking). A raw
 * block named by its CID alone is one store read and one write from memory, so it is answered
 * right there, as nginx serves a small file from its event loop: no thread hand-off per
 * request. Everything else (path walks, files, CARs, listings) may read many blocks and write
 * to a slow client, so it runs on a virtual thread of its own, where it may block.
 */
public final class GatewayHandler extends Handler.Abstract.NonBlocking {
  private static final String ALLOW = "GET, HEAD, OPTIONS";

  private final Metrics metrics;
  private final Executor blocking;
  private final PathResolver resolver;
  private final RawResponder raw = new RawResponder();
  private final CarResponder car;
  private final UnixfsResponder unixfs;

  /** @param blocking runs the requests that may block (one virtual thread each) */
  public GatewayHandler(NodeContext node, Executor blocking) {
    this.metrics = node.metrics();
    this.blocking = blocking;
    BlockSource blocks = node.gatewayReads();
    this.resolver = new PathResolver(blocks);
    this.car = new CarResponder(blocks);
    this.unixfs = new UnixfsResponder(new UnixfsExporter(blocks));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    GatewayResponse.cors(response.getHeaders());
    String method = request.getMethod();
    if (HttpMethod.OPTIONS.is(method)) {
      response.setStatus(204);
      response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
      callback.succeeded();
      return true;
    }
    boolean head = HttpMethod.HEAD.is(method);
    if (!head && !HttpMethod.GET.is(method)) {
      GatewayResponse.error(response, callback, false, metrics, 405,
          method + " is not allowed: the gateway is read-only (" + ALLOW + ")", ALLOW);
      return true;
    }
    GatewayRequest req;
    try {
      req = GatewayRequest.parse(request);
    } catch (GatewayException e) {
      GatewayResponse.error(response, callback, head, metrics, e.status(), e.getMessage(), null);
      return true;
    } catch (RuntimeException e) {
      GatewayResponse.error(response, callback, head, metrics, 500,
          "could not read the request: " + e.getMessage(), null);
      return true;
    }
    if (answeredInline(req)) {
      serve(req, response, callback);
      return true;
    }
    try {
      blocking.execute(() -> serve(req, response, callback));
    } catch (RejectedExecutionException e) {
      GatewayResponse.error(response, callback, head, metrics, 503, "the gateway is shutting down", null);
    }
    return true;
  }

  /** Whether the request is answered on the calling (selector) thread: a raw block by CID alone. */
  static boolean answeredInline(GatewayRequest req) {
    return req.format().kind() == ResponseFormat.Kind.RAW && req.path().segments().isEmpty();
  }

  private void serve(GatewayRequest req, Response response, Callback callback) {
    GatewayResponse out = new GatewayResponse(req, response, metrics);
    try {
      Resolution res = resolver.resolve(req.path(), req.onlyIfCached());
      switch (req.format().kind()) {
        case RAW -> raw.respond(req, res, out);
        case CAR -> car.respond(req, res, out);
        case DESERIALIZED -> unixfs.respond(req, res, out);
      }
      out.finish(callback);
    } catch (GatewayException e) {
      fail(response, callback, req.head(), out, e, e.status(), e.getMessage());
    } catch (BlockNotFoundException e) {
      fail(response, callback, req.head(), out, e, 404, "block " + e.cid() + " is not held by this node");
    } catch (IOException | RuntimeException e) {
      fail(response, callback, req.head(), out, e, 500, "could not read the content: " + e.getMessage());
    }
  }

  private void fail(Response response, Callback callback, boolean head, GatewayResponse out, Throwable cause,
      int status, String message) {
    if (out.streaming() || response.isCommitted()) {
      callback.failed(cause); // aborts: the client sees the body cut short
    } else {
      GatewayResponse.error(response, callback, head, metrics, status, message, null);
    }
  }
}
