package io.cairn.server.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code application/vnd.ipld.raw}: the bytes of the one block at the end of the path, whole
 * or in the byte ranges asked for ({@link RangedBody}), as the path-gateway spec lets Range
 * apply to any response. The block is in memory, so the body is handed to Jetty whole and
 * written without blocking ({@link GatewayResponse#send}).
 */
final class RawResponder {
  void respond(GatewayRequest req, Resolution res, GatewayResponse out) throws IOException {
    String etag = Etags.raw(res.terminal());
    if (out.prepare(res, etag)) {
      return;
    }
    byte[] block = res.terminalBlock();
    HttpFields.Mutable h = out.headers();
    h.put(GatewayResponse.NOSNIFF);
    out.disposition("attachment", req.filename() != null ? req.filename() : res.terminal() + ".bin");
    if (req.format().fromAccept()) {
      h.put(HttpHeader.CONTENT_LOCATION, contentLocation(req));
    }
    RangedBody.Plan plan = RangedBody.plan(req, out, etag, FormatNegotiation.RAW_TYPE, block.length);
    if (req.head()) {
      out.jetty().setStatus(plan.status());
      return;
    }
    out.send(plan.status(), inMemory(block, plan.parts()));
  }

  /** The body: the block itself (or the slice asked for) without a copy, or the multipart parts joined. */
  static ByteBuffer inMemory(byte[] block, List<RangedBody.Part> parts) {
    if (parts.size() == 1 && parts.get(0) instanceof RangedBody.Slice s) {
      return ByteBuffer.wrap(block, (int) s.offset(), (int) s.length());
    }
    int length = 0;
    for (RangedBody.Part p : parts) {
      length += switch (p) {
        case RangedBody.Bytes b -> b.bytes().length;
        case RangedBody.Slice s -> (int) s.length();
      };
    }
    ByteBuffer all = ByteBuffer.allocate(length);
    for (RangedBody.Part p : parts) {
      switch (p) {
        case RangedBody.Bytes b -> all.put(b.bytes());
        case RangedBody.Slice s -> all.put(block, (int) s.offset(), (int) s.length());
      }
    }
    return all.flip();
  }

  /** The same URL with {@code format=} added, so caches keep this response apart from others. */
  static String contentLocation(GatewayRequest req) {
    String q = req.query();
    return req.path().raw() + "?" + (q == null || q.isEmpty() ? "" : q + "&") + "format=" + req.format().formatName();
  }
}
