package io.cairn.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Times every request on one server and records it by route and status. */
final class MeteredHandler extends Handler.Wrapper {
  private final String server;
  private final Metrics metrics;

  MeteredHandler(String server, Metrics metrics, Handler next) {
    super(next);
    this.server = server;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    String route = route(Request.getPathInContext(request));
    String method = request.getMethod();
    Callback timed = new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        metrics.request(server, route, method, response.getStatus(), System.nanoTime() - start);
        super.succeeded();
      }

      @Override
      public void failed(Throwable x) {
        metrics.request(server, route, method, 500, System.nanoTime() - start);
        super.failed(x);
      }
    };
    if (!super.handle(request, response, timed)) {
      Response.writeError(request, response, timed, 404, "no such endpoint: " + Request.getPathInContext(request));
    }
    return true;
  }

  /** A low-cardinality name for the path: the API command, or the first segments. */
  static String route(String path) {
    if (path.startsWith("/api/v0/")) {
      String cmd = path.substring(8);
      return cmd.matches("[a-z/]{1,40}") ? "/api/v0/" + cmd : "/api/v0/other";
    }
    if (path.startsWith("/ipfs/")) {
      return "/ipfs";
    }
    if (path.startsWith("/ipns/")) {
      return "/ipns";
    }
    if (path.startsWith("/routing/v1/providers/")) {
      return "/routing/v1/providers";
    }
    if (path.startsWith("/routing/v1/ipns/")) {
      return "/routing/v1/ipns";
    }
    if (path.equals("/debug/metrics/prometheus")) {
      return path;
    }
    return "other";
  }
}
