package io.cairn.server.gateway;

import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.BlockSource;
import io.cairn.server.Metrics;
import io.cairn.server.NodeContext;
import io.cairn.store.Store;
import io.cairn.transfer.DagPrefetch;
import io.cairn.transfer.FetchListener;
import io.cairn.transfer.Transfer;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET}/{@code HEAD /ipfs/{cid}[/path]}: the trustless gateway (raw blocks and CARs) and
 * the path gateway (files, directories) over the store; {@code /ipns/{name}[/path]} resolved
 * through the IPNS record the node holds ({@link IpnsResponder}) and then served the same way,
 * or the record itself. Read-only. On an online node (one with
 * a {@code Transfer}) a block the store lacks is fetched from the node's providers as it is
 * needed — the path's blocks before the answer, a file's or CAR's children as the body is
 * streamed — and stored. Answered from local blocks only (a miss is a 404, 412 under
 * {@code only-if-cached}): an offline node ({@code --offline}, {@code Gateway.NoFetch}),
 * {@code Cache-Control: only-if-cached}, and requests from another node's transfer engine
 * (User-Agent {@link Transfer#USER_AGENT}), so that peers never ask each other in a loop.
 *
 * <p>A request is parsed and its path resolved before anything is sent; every refusal then is
 * a status with a one-line plain-text reason. Once a body has begun, a failure aborts the
 * response (the connection is cut without the final chunk), so a client never mistakes a
 * truncated CAR or file for a whole one.
 *
 * <p>Threads: Jetty calls this handler on its selector threads (it is non-blocking). A raw
 * block named by its CID alone is one store read and one write from memory, so it is answered
 * right there, as nginx serves a small file from its event loop: no thread hand-off per
 * request — when the block is held; a miss that may be fetched goes to a virtual thread. Everything else (path walks, files, CARs, listings) may read many blocks and write
 * to a slow client, so it runs on a virtual thread of its own, where it may block.
 */
public final class GatewayHandler extends Handler.Abstract.NonBlocking {
  private static final String ALLOW = "GET, HEAD, OPTIONS";

  private final Metrics metrics;
  private final Executor blocking;
  private final Store store;
  private final boolean online;
  private final Readers local;
  private final Readers fetching;
  private final RawResponder raw = new RawResponder();
  private final IpnsResponder ipns;
  private final Transfer transfer;
  private final BlockSource localReads;
  private final FetchListener fetchListener;

  /** The path resolver and responders over one block source. */
  private record Readers(PathResolver resolver, CarResponder car, UnixfsResponder unixfs) {
    Readers(BlockSource blocks) {
      this(new PathResolver(blocks), new CarResponder(blocks), new UnixfsResponder(new UnixfsExporter(blocks)));
    }
  }

  /** @param blocking runs the requests that may block (one virtual thread each) */
  public GatewayHandler(NodeContext node, Executor blocking) {
    this.metrics = node.metrics();
    this.blocking = blocking;
    this.store = node.store();
    this.online = node.online();
    this.local = new Readers(node.gatewayReads(true));
    this.fetching = online ? new Readers(node.gatewayReads(false)) : local;
    this.ipns = new IpnsResponder(node);
    this.transfer = node.transfer().orElse(null);
    this.localReads = node.gatewayReads(true);
    this.fetchListener = node.fetchListener();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    GatewayResponse.cors(response.getHeaders());
    String method = request.getMethod();
    if (HttpMethod.OPTIONS.is(method)) {
      response.setStatus(204);
      response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
      callback.succeeded();
      return true;
    }
    boolean head = HttpMethod.HEAD.is(method);
    if (!head && !HttpMethod.GET.is(method)) {
      GatewayResponse.error(response, callback, false, metrics, 405,
          method + " is not allowed: the gateway is read-only (" + ALLOW + ")", ALLOW);
      return true;
    }
    String clean = ContentPath.withoutDotSegments(request.getHttpURI().getPath());
    if (clean != null) {
      String query = request.getHttpURI().getQuery();
      response.setStatus(301);
      response.getHeaders().put(HttpHeader.LOCATION, query == null || query.isEmpty() ? clean : clean + "?" + query);
      callback.succeeded();
      return true;
    }
    if (request.getHttpURI().getPath().startsWith(ContentPath.IPNS_PREFIX)) {
      // a name is resolved through its record (a file read the first time): off the selector thread
      try {
        blocking.execute(() -> serveName(request, head, response, callback));
      } catch (RejectedExecutionException e) {
        GatewayResponse.error(response, callback, head, metrics, 503, "the gateway is shutting down", null);
      }
      return true;
    }
    GatewayRequest req;
    try {
      req = GatewayRequest.parse(request);
    } catch (GatewayException e) {
      GatewayResponse.error(response, callback, head, metrics, e.status(), e.getMessage(), null);
      return true;
    } catch (RuntimeException e) {
      GatewayResponse.error(response, callback, head, metrics, 500,
          "could not read the request: " + e.getMessage(), null);
      return true;
    }
    boolean localOnly = !online || req.onlyIfCached() || fromTransfer(request);
    if (answeredInline(req) && (localOnly || held(req))) {
      serve(req, localOnly, response, callback);
      return true;
    }
    try {
      blocking.execute(() -> serve(req, localOnly, response, callback));
    } catch (RejectedExecutionException e) {
      GatewayResponse.error(response, callback, head, metrics, 503, "the gateway is shutting down", null);
    }
    return true;
  }

  /** Whether the request is answered on the calling (selector) thread: a raw block by CID alone. */
  static boolean answeredInline(GatewayRequest req) {
    return req.format().kind() == ResponseFormat.Kind.RAW && req.path().segments().isEmpty();
  }

  /** Whether the request comes from another node's transfer engine (answered from local blocks only). */
  static boolean fromTransfer(Request request) {
    String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
    return agent != null && agent.startsWith(Transfer.USER_AGENT);
  }

  /** Whether the store holds the root block (an index lookup: no block is read). */
  private boolean held(GatewayRequest req) {
    try {
      return store.has(req.path().root());
    } catch (IOException | RuntimeException e) {
      return false; // let the virtual thread find out and answer
    }
  }

  /** {@code /ipns/{name}[/path]}: the record itself, or the content it points to, served as /ipfs/ is. */
  private void serveName(Request request, boolean head, Response response, Callback callback) {
    GatewayRequest req;
    try {
      req = GatewayRequest.parse(request, ipns);
      if (req.format().kind() == ResponseFormat.Kind.IPNS_RECORD) {
        GatewayResponse out = new GatewayResponse(req, response, metrics);
        ipns.respondRecord(req, request.getHttpURI().getPath(), out);
        out.finish(callback);
        return;
      }
    } catch (GatewayException e) {
      GatewayResponse.error(response, callback, head, metrics, e.status(), e.getMessage(), null);
      return;
    } catch (RuntimeException e) {
      GatewayResponse.error(response, callback, head, metrics, 500, "could not read the request: " + e.getMessage(),
          null);
      return;
    }
    serve(req, !online || req.onlyIfCached() || fromTransfer(request), response, callback);
  }

  private void serve(GatewayRequest req, boolean localOnly, Response response, Callback callback) {
    GatewayResponse out = new GatewayResponse(req, response, metrics);
    Readers r = localOnly ? local : fetching;
    DagPrefetch prefetch = null;
    try {
      boolean missing = !localOnly && !store.has(req.path().root());
      Resolution res = r.resolver().resolve(req.path(), req.onlyIfCached());
      if (missing && wholeDag(req, res)) {
        // a DAG this node lacks, to be sent whole: fetched in the background (subtree CARs, many
        // requests in flight) while the body streams, not one request per block
        prefetch = transfer.prefetch(res.terminal(), localReads, fetchListener);
        r = new Readers(prefetch);
        out.beforeEnd(prefetch::close); // every block sent is stored before the client sees the end
      } else if (!localOnly) {
        fetchRanges(req, res);
      }
      switch (req.format().kind()) {
        case RAW -> raw.respond(req, res, out);
        case CAR -> r.car().respond(req, res, out);
        case DESERIALIZED -> r.unixfs().respond(req, res, out);
        case IPNS_RECORD -> throw GatewayException.badRequest("only /ipns/{name} has an IPNS record");
      }
      if (prefetch != null) {
        prefetch.close(); // done already if the body was closed; a body-less answer stops it here
        prefetch = null;
      }
      out.finish(callback);
    } catch (GatewayException e) {
      fail(response, callback, req.head(), out, e, e.status(), e.getMessage());
    } catch (BlockNotFoundException e) {
      fail(response, callback, req.head(), out, e, 404, "block " + e.cid() + " is not held by this node");
    } catch (IOException | RuntimeException e) {
      fail(response, callback, req.head(), out, e, 500, "could not read the content: " + e.getMessage());
    } finally {
      if (prefetch != null) {
        closeQuietly(prefetch);
      }
    }
  }

  /**
   * Whether the answer sends the terminal's whole DAG: a CAR of {@code dag-scope=all} without
   * {@code entity-bytes}, or a whole file (GET without Range). A directory listing needs only
   * the directory's own blocks.
   */
  private static boolean wholeDag(GatewayRequest req, Resolution res) {
    return switch (req.format().kind()) {
      case RAW -> false;
      case CAR -> req.format().car().scope() == DagScope.ALL && req.format().car().entityBytes() == null;
      case DESERIALIZED -> !req.head() && req.range() == null && isFile(res);
      case IPNS_RECORD -> false;
    };
  }

  /**
   * The byte ranges of a file that the answer sends (an HTTP Range, or a CAR's
   * {@code entity-bytes}): what this node lacks of each is brought in with one request
   * ({@code Transfer.fetchRange}, which asks nobody when all is held) rather than block by
   * block. Best effort: whatever is still missing is then fetched as it is read, and that read
   * says why if it cannot be.
   */
  private void fetchRanges(GatewayRequest req, Resolution res) {
    boolean asked = switch (req.format().kind()) {
      case DESERIALIZED -> !req.head() && req.range() != null;
      case CAR -> req.format().car().scope() == DagScope.ENTITY && req.format().car().entityBytes() != null;
      default -> false;
    };
    if (!asked) {
      return; // nothing ranged: no need to decode the terminal
    }
    List<long[]> spans = new ArrayList<>();
    long size;
    try {
      UnixfsEntry e = new UnixfsExporter(cid -> res.terminalBlock()).stat(res.terminal());
      if (e.kind() != UnixfsEntry.Kind.FILE) {
        return;
      }
      size = e.size();
    } catch (IOException | RuntimeException notAFile) {
      return;
    }
    switch (req.format().kind()) {
      case DESERIALIZED -> {
        if (ByteRanges.parse(req.range(), size) instanceof ByteRanges.Parts p) {
          p.spans().forEach(s -> spans.add(new long[] {s.first(), s.length()}));
        }
      }
      case CAR -> {
        EntityRange range = req.format().car().entityBytes();
        if (size > 0 && !range.startsPastEnd(size)) {
          long[] span = range.resolve(size);
          if (span != null) {
            spans.add(new long[] {span[0], span[1] - span[0] + 1});
          }
        }
      }
      default -> {
        return;
      }
    }
    for (long[] span : spans) {
      try {
        transfer.fetchRange(res.terminal(), span[0], span[1]);
      } catch (IOException | RuntimeException e) {
        return; // the read that follows fetches what is missing, or says why it cannot
      }
    }
  }

  private static boolean isFile(Resolution res) {
    try {
      return new UnixfsExporter(cid -> res.terminalBlock()).stat(res.terminal()).kind() == UnixfsEntry.Kind.FILE;
    } catch (IOException | RuntimeException notUnixfs) {
      return false; // the responder says what is wrong with it
    }
  }

  private static void closeQuietly(DagPrefetch prefetch) {
    try {
      prefetch.close();
    } catch (IOException e) {
      // what arrived is stored; the response itself has already ended
    }
  }

  private void fail(Response response, Callback callback, boolean head, GatewayResponse out, Throwable cause,
      int status, String message) {
    if (out.streaming() || response.isCommitted()) {
      callback.failed(cause); // aborts: the client sees the body cut short
    } else {
      GatewayResponse.error(response, callback, head, metrics, status, message, null);
    }
  }
}
