package io.cairn.server.gateway;

import io.cairn.server.NodeContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /routing/v1/providers/{cid}}: delegated routing. (Being built.) */
public final class RoutingHandler extends Handler.Abstract {
  private final NodeContext node;

  public RoutingHandler(NodeContext node) {
    this.node = node;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Response.writeError(request, response, callback, 501, "not built yet");
    return true;
  }
}
