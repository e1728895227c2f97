package io.cairn.server.gateway;

import java.io.IOException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** {@code application/vnd.ipld.raw}: the bytes of the one block at the end of the path. */
final class RawResponder {
  void respond(GatewayRequest req, Resolution res, GatewayResponse out) throws IOException {
    if (out.prepare(res, Etags.raw(res.terminal()))) {
      return;
    }
    byte[] block = res.terminalBlock();
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.CONTENT_TYPE, FormatNegotiation.RAW_TYPE);
    h.put(HttpHeader.CONTENT_LENGTH, Long.toString(block.length));
    h.put(GatewayResponse.NOSNIFF_HEADER, "nosniff");
    out.disposition("attachment", req.filename() != null ? req.filename() : res.terminal() + ".bin");
    if (req.format().fromAccept()) {
      h.put(HttpHeader.CONTENT_LOCATION, contentLocation(req));
    }
    if (req.head()) {
      return;
    }
    ResponseBody body = out.open(200);
    body.write(block);
    body.close();
  }

  /** The same URL with {@code format=} added, so caches keep this response apart from others. */
  static String contentLocation(GatewayRequest req) {
    String q = req.query();
    return req.path().raw() + "?" + (q == null || q.isEmpty() ? "" : q + "&") + "format=" + req.format().formatName();
  }
}
