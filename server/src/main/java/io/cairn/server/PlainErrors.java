package io.cairn.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (a URI it refuses, headers too large, …) as one plain-text line,
 * like the handlers' own errors, instead of Jetty's HTML page.
 */
final class PlainErrors implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() > 0 ? response.getStatus() : 500;
    Object attr = request.getAttribute(ErrorHandler.ERROR_STATUS);
    if (attr instanceof Integer s) {
      status = s;
    }
    Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    String text = status + " " + HttpStatus.getMessage(status)
        + (message != null && !String.valueOf(message).isBlank() ? ": " + message : "") + "\n";
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    if (request.getMethod().equals("HEAD")) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
    return true;
  }
}
