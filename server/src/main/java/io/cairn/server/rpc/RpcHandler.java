package io.cairn.server.rpc;

import io.cairn.server.NodeContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /api/v0/...}: the Kubo RPC API. (Being built.) */
public final class RpcHandler extends Handler.Abstract {
  private final NodeContext node;

  public RpcHandler(NodeContext node) {
    this.node = node;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Response.writeError(request, response, callback, 501, "not built yet");
    return true;
  }
}
