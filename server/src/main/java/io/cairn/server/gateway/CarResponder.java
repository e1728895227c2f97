package io.cairn.server.gateway;

import io.cairn.codec.BlockSource;
import java.io.IOException;
import java.util.OptionalLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code application/vnd.ipld.car}: a CARv1 streamed as the DAG is walked. Its one root is the
 * CID at the end of the path. It holds, in order: the blocks read to follow the path from the
 * root CID (so a client can verify every step), then the terminal's blocks in depth-first
 * order as the dag-scope and entity-bytes ask.
 *
 * <p>Everything that can fail cleanly is checked before the status is sent: the terminal
 * block is present, and an entity-bytes range that starts past the end of the file is 400.
 * The CAR header is then flushed, committing 200; a block missing after that aborts the
 * response, so the client sees a truncated stream rather than a short but complete-looking CAR.
 */
final class CarResponder {
  private final BlockSource blocks;

  CarResponder(BlockSource blocks) {
    this.blocks = blocks;
  }

  void respond(GatewayRequest req, Resolution res, GatewayResponse out) throws GatewayException, IOException {
    CarParams params = req.format().car();
    DagScope scope = params.scope();
    long[] span = null;
    EntityRange range = params.entityBytes();
    if (scope == DagScope.ENTITY && range != null) {
      OptionalLong size = DagTraversal.fileSize(res.terminal(), res.terminalBlock());
      if (size.isPresent()) {
        if (range.startsPastEnd(size.getAsLong())) {
          throw GatewayException.badRequest("entity-bytes=" + range + " starts past the end of "
              + res.terminal() + ", which has " + size.getAsLong() + " bytes");
        }
        span = range.resolve(size.getAsLong());
        if (span == null) {
          scope = DagScope.BLOCK; // a zero-length range: the root block tells the client why
        }
      }
    }
    if (out.prepare(res, Etags.car(req.path(), params))) {
      return;
    }
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.CONTENT_TYPE, params.contentType());
    h.put(GatewayResponse.NOSNIFF);
    h.put(GatewayResponse.RANGES_NONE);
    out.disposition("attachment", req.filename() != null ? req.filename() : res.terminal() + ".car");
    if (req.format().fromAccept()) {
      h.put(HttpHeader.CONTENT_LOCATION, RawResponder.contentLocation(req));
    }
    if (req.head()) {
      out.headOfStream(200);
      return;
    }
    ResponseBody body = out.open(200);
    CarOutput car = new CarOutput(body, res.terminal());
    body.flush(); // commits 200 and the headers: the stream has begun
    DagTraversal walk = new DagTraversal(blocks, params.dups(), car::write);
    for (Resolution.PathBlock b : res.pathBlocks()) {
      walk.emit(b.cid(), b.data());
    }
    walk.walk(res.terminal(), res.terminalBlock(), scope, span);
    body.close();
  }
}
