package io.cairn.server.gateway;

import java.io.IOException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code application/vnd.ipld.raw}: the bytes of the one block at the end of the path, whole
 * or in the byte ranges asked for ({@link RangedBody}), as the path-gateway spec lets Range
 * apply to any response.
 */
final class RawResponder {
  void respond(GatewayRequest req, Resolution res, GatewayResponse out) throws IOException {
    String etag = Etags.raw(res.terminal());
    if (out.prepare(res, etag)) {
      return;
    }
    byte[] block = res.terminalBlock();
    HttpFields.Mutable h = out.headers();
    h.put(GatewayResponse.NOSNIFF_HEADER, "nosniff");
    out.disposition("attachment", req.filename() != null ? req.filename() : res.terminal() + ".bin");
    if (req.format().fromAccept()) {
      h.put(HttpHeader.CONTENT_LOCATION, contentLocation(req));
    }
    RangedBody.send(req, out, etag, FormatNegotiation.RAW_TYPE, block.length,
        (offset, length, to) -> to.write(block, (int) offset, (int) length));
  }

  /** The same URL with {@code format=} added, so caches keep this response apart from others. */
  static String contentLocation(GatewayRequest req) {
    String q = req.query();
    return req.path().raw() + "?" + (q == null || q.isEmpty() ? "" : q + "&") + "format=" + req.format().formatName();
  }
}
