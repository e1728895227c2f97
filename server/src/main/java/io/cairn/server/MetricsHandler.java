package io.cairn.server;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Serves the Prometheus text exposition. */
final class MetricsHandler extends Handler.Abstract.NonBlocking {
  private final Metrics metrics;

  MetricsHandler(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      Response.writeError(request, response, callback, 405, "use GET");
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    return true;
  }
}
