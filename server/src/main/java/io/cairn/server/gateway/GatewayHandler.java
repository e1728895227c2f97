package io.cairn.server.gateway;

import io.cairn.server.NodeContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /ipfs/{cid}[/path]}: the trustless and path gateway. (Being built.) */
public final class GatewayHandler extends Handler.Abstract {
  private final NodeContext node;

  public GatewayHandler(NodeContext node) {
    this.node = node;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Response.writeError(request, response, callback, 501, "not built yet");
    return true;
  }
}
