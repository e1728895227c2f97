package io.cairn.server.gateway;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.server.Metrics;
import io.cairn.server.NodeContext;
import java.io.IOException;
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
 */
public final class GatewayHandler extends Handler.Abstract {
  private static final String ALLOW = "GET, HEAD, OPTIONS";

  private final Metrics metrics;
  private final PathResolver resolver;
  private final RawResponder raw = new RawResponder();
  private final CarResponder car;
  private final UnixfsResponder unixfs;

  public GatewayHandler(NodeContext node) {
    this.metrics = node.metrics();
    BlockSource blocks = metrics.countingReads(node.store());
    this.resolver = new PathResolver(blocks);
    this.car = new CarResponder(blocks);
    this.unixfs = new UnixfsResponder(node.exporter());
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
    GatewayResponse out = null;
    try {
      GatewayRequest req = GatewayRequest.parse(request);
      out = new GatewayResponse(req, response, metrics);
      Resolution res = resolver.resolve(req.path(), req.onlyIfCached());
      switch (req.format().kind()) {
        case RAW -> raw.respond(req, res, out);
        case CAR -> car.respond(req, res, out);
        case DESERIALIZED -> unixfs.respond(req, res, out);
      }
      callback.succeeded();
    } catch (GatewayException e) {
      fail(response, callback, head, out, e, e.status(), e.getMessage());
    } catch (BlockNotFoundException e) {
      fail(response, callback, head, out, e, 404, "block " + e.cid() + " is not held by this node");
    } catch (IOException | RuntimeException e) {
      fail(response, callback, head, out, e, 500, "could not read the content: " + e.getMessage());
    }
    return true;
  }

  private void fail(Response response, Callback callback, boolean head, GatewayResponse out, Throwable cause,
      int status, String message) {
    if ((out != null && out.streaming()) || response.isCommitted()) {
      callback.failed(cause); // aborts: the client sees the body cut short
    } else {
      GatewayResponse.error(response, callback, head, metrics, status, message, null);
    }
  }
}
