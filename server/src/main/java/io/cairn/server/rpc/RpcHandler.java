package io.cairn.server.rpc;

import io.cairn.server.NodeContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v0/<command>}: Kubo's RPC API. Only POST runs commands (OPTIONS answers which
 * methods are allowed; anything else is 405). Arguments and options come from the query string
 * ({@link Params}); a last path segment that is not a command is taken as the first argument,
 * as go-ipfs-cmds does ({@code /api/v0/cat/CID}). Commands run on the request's virtual thread
 * with blocking streams; failures are answered as Kubo answers them ({@link RpcResponse}).
 */
public final class RpcHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(RpcHandler.class);
  private static final String PREFIX = "/api/v0/";
  /** Most of an unread request body read and dropped before answering. */
  static final long DRAIN_LIMIT = 16L << 20;

  private final NodeContext node;
  private final Map<String, Routes.Route> routes;

  public RpcHandler(NodeContext node) {
    this.node = node;
    this.routes = Routes.all();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    RpcResponse out = new RpcResponse(request, response);
    try {
      dispatch(request, out);
    } catch (Throwable t) {
      try {
        out.fail(answer(t));
      } catch (Throwable writing) {
        callback.failed(writing);
        return true;
      }
    }
    drain(request);
    try {
      out.close();
      node.metrics().sent(Response.getContentBytesWritten(response));
      callback.succeeded();
    } catch (Throwable t) {
      callback.failed(t);
    }
    return true;
  }

  private void dispatch(Request request, RpcResponse out) throws Exception {
    String method = request.getMethod();
    if (method.equals("OPTIONS")) {
      out.allow();
      return;
    }
    if (!method.equals("POST")) {
      throw new RpcException(405, RpcException.CODE_CLIENT, "405 - Method Not Allowed: the RPC API takes POST requests only");
    }
    String path = Request.getPathInContext(request); // "/cat" under the /api/v0/* mapping
    String name = path.startsWith(PREFIX) ? path.substring(PREFIX.length())
        : path.startsWith("/") ? path.substring(1) : path;
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    List<String> pathArgs = List.of();
    Routes.Route route = routes.get(name);
    if (route == null && name.lastIndexOf('/') > 0) {
      String parent = name.substring(0, name.lastIndexOf('/'));
      route = routes.get(parent);
      if (route != null) {
        pathArgs = List.of(name.substring(parent.length() + 1));
        name = parent;
      }
    }
    if (route == null) {
      throw new RpcException(404, RpcException.CODE_CLIENT, "Command not found: " + PREFIX + name);
    }
    long declared = request.getLength();
    if (declared > route.maxBody()) {
      throw BodyLimit.tooLarge(name, route.maxBody());
    }
    Params params = new Params(Request.extractQueryParameters(request), pathArgs);
    String encoding = params.stringOr("json", "encoding", "enc").toLowerCase(Locale.ROOT);
    if (!encoding.equals("json")) {
      throw RpcException.badRequest("encoding=" + encoding + " is not supported: Cairn's API answers in JSON");
    }
    route.command().run(new RpcCall(node, name, params, out, request, route.maxBody()));
  }

  /**
   * Reads and drops what is left of the request body (up to {@value #DRAIN_LIMIT} bytes) before
   * answering, so a client still sending — a body refused for its size, or sent to a command that
   * takes none — reads the answer instead of a reset connection. Past the limit the connection is
   * closed after the answer.
   */
  private static void drain(Request request) {
    String expect = request.getHeaders().get(HttpHeader.EXPECT);
    if ((expect != null && expect.equalsIgnoreCase("100-continue")) || request.getLength() > DRAIN_LIMIT) {
      return; // the client waits for our word before sending, or would send too much to wait for
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      long left = DRAIN_LIMIT;
      byte[] buf = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away, or the body is broken: nothing more to read
    }
  }

  /** The answer for a failure: Kubo's error JSON (400 for bad requests, 500 for failed commands). */
  static RpcException answer(Throwable t) {
    if (t instanceof RpcException e) {
      return e;
    } else if (t instanceof BodyLimit.TooLarge e) {
      return e.answer();
    } else if (t instanceof MultipartReader.MultipartException e) {
      return RpcException.badRequest(e.getMessage());
    } else if (t instanceof IOException || t instanceof IllegalArgumentException) {
      return RpcException.failed(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
    LOG.warn("RPC command failed unexpectedly", t);
    return RpcException.failed("internal error: " + t + " (this is a bug in Cairn)");
  }
}
