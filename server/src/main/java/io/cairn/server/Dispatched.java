package io.cairn.server;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Runs a handler that may block (streams a request or response body, does long store work) on
 * a virtual thread of its own. Jetty runs a request on its selector thread only when every
 * handler of the server says it will not block; wrapping the blocking ones in this lets the
 * others (the gateway's raw blocks) be answered without a thread hand-off.
 */
final class Dispatched extends Handler.Wrapper {
  private final Executor executor;

  Dispatched(Executor executor, Handler blocking) {
    super(blocking);
    this.executor = executor;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      executor.execute(() -> run(request, response, callback));
    } catch (RejectedExecutionException e) {
      Response.writeError(request, response, callback, 503, "the server is shutting down");
    }
    return true;
  }

  private void run(Request request, Response response, Callback callback) {
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, 404);
      }
    } catch (Throwable x) {
      if (response.isCommitted()) {
        callback.failed(x);
      } else {
        Response.writeError(request, response, callback, x);
      }
    }
  }
}
