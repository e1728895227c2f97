package io.cairn.server.rpc;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One RPC answer, shaped as go-ipfs-cmds shapes it. A command answers in one of three ways:
 * {@link #single} (one JSON value), {@link #emit} (a stream of JSON values, one per line,
 * {@code X-Chunked-Output: 1}) or {@link #bytes} (a byte stream, {@code X-Stream-Output: 1}).
 * Every response declares {@code Trailer: X-Stream-Error}: an error before anything was sent
 * becomes Kubo's error JSON with its status; an error after the body began is sent in that
 * trailer, as Kubo does.
 */
final class RpcResponse {
  static final String STREAM_ERROR = "X-Stream-Error";
  private static final String EXPOSED = "X-Stream-Output, X-Chunked-Output, X-Content-Length";

  private final Request request;
  private final Response response;
  private OutputStream out;
  private volatile String streamError;

  RpcResponse(Request request, Response response) {
    this.request = request;
    this.response = response;
    HttpFields.Mutable h = response.getHeaders();
    h.put("Access-Control-Allow-Headers", EXPOSED);
    h.put("Access-Control-Expose-Headers", EXPOSED);
    h.put(HttpHeader.TRAILER, STREAM_ERROR);
    response.setTrailersSupplier(() -> {
      String e = streamError;
      return e == null ? null : HttpFields.build().put(STREAM_ERROR, e);
    });
  }

  /** Whether the status and headers are decided (the body has begun). */
  boolean started() {
    return out != null;
  }

  /** The whole answer is one JSON value. */
  void single(Object value) throws IOException {
    start("application/json", null);
    out.write(Json.line(value));
  }

  /** One more JSON value of a streamed answer; written out at once. */
  void emit(Object value) throws IOException {
    if (out == null) {
      start("application/json", "X-Chunked-Output");
    }
    out.write(Json.line(value));
    out.flush();
  }

  /**
   * Starts a byte-stream answer.
   *
   * @param contentType the media type; Kubo's is text/plain for streams without one of their own
   * @param length the total length for {@code X-Content-Length}, or -1 when unknown
   */
  OutputStream bytes(String contentType, long length) throws IOException {
    if (length >= 0) {
      response.getHeaders().put("X-Content-Length", Long.toString(length));
    }
    start(contentType, "X-Stream-Output");
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush(); // the response is ended by close() of this class, once
      }
    };
  }

  private void start(String contentType, String streamHeader) throws IOException {
    if (out != null) {
      throw new IllegalStateException("the response has already begun");
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (streamHeader != null) {
      response.getHeaders().put(streamHeader, "1");
    }
    out = Response.asBufferedOutputStream(request, response);
  }

  /** Answers with an error: Kubo's error JSON if nothing was sent yet, else the stream-error trailer. */
  void fail(RpcException e) throws IOException {
    if (out != null) {
      streamError = e.getMessage() == null ? "error" : e.getMessage().replace('\n', ' ').replace('\r', ' ');
      return;
    }
    response.setStatus(e.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (e.status() == 405) {
      response.getHeaders().put(HttpHeader.ALLOW, "OPTIONS, POST");
    }
    out = Response.asBufferedOutputStream(request, response);
    out.write(Json.line(Json.obj("Message", e.getMessage(), "Code", e.code(), "Type", "error")));
  }

  /** Answers OPTIONS: no content, and the methods the API takes. */
  void allow() throws IOException {
    response.setStatus(204);
    response.getHeaders().put(HttpHeader.ALLOW, "OPTIONS, POST");
    out = Response.asBufferedOutputStream(request, response);
  }

  /** Ends the response (an empty 200 if nothing was sent). */
  void close() throws IOException {
    if (out == null) {
      response.setStatus(200);
      out = Response.asBufferedOutputStream(request, response);
    }
    out.close();
  }
}
