package io.cairn.cluster.rest;

import io.cairn.car.CarWriter;
import io.cairn.codec.Block;
import io.cairn.codec.BlockNotFoundException;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.store.Store;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cairn's batched block read for cluster peers, {@code POST /blocks} on the cluster API (bearer
 * secret like every call): the other peers' trackers fetch the one block of many small pins in
 * one request instead of one trustless-gateway request each.
 *
 * <pre>
 * request:  POST /blocks            Content-Type: text/plain
 *           CID "\n" CID "\n" …     at most {@value #MAX_CIDS} CIDs, one per line
 * answer:   200                     Content-Type: application/vnd.ipld.car; version=1
 *           CARv1, no roots; one section per asked block this node holds, in the order asked,
 *           each once, until the block bytes sent reach {@value #MAX_BYTES} (the rest left out)
 * </pre>
 *
 * A block not held is left out, not an error: the asker tries another peer for it. Blocks are
 * read without hashing (the asker verifies each against its CID, as a gateway's client does).
 */
final class HeldBlocks {
  /** CIDs one request may ask for. */
  static final int MAX_CIDS = 1024;
  /** Block bytes after which an answer stops (bounds the asker's memory, not a hard size). */
  static final long MAX_BYTES = 16L << 20;
  /** Longest request body: {@link #MAX_CIDS} lines of at most 256 characters. */
  private static final int MAX_BODY = MAX_CIDS * 257;
  static final String CAR_TYPE = "application/vnd.ipld.car; version=1";

  private final Store store;

  HeldBlocks(Store store) {
    this.store = store;
  }

  /** The CIDs of a request body (one per line, blank lines skipped). */
  static List<Cid> parse(String body) throws MalformedDataException {
    List<Cid> out = new ArrayList<>();
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (out.size() == MAX_CIDS) {
        throw new MalformedDataException("POST /blocks body", i + 1L, "more than " + MAX_CIDS + " CIDs");
      }
      try {
        out.add(Cid.parse(line));
      } catch (MalformedDataException | IllegalArgumentException e) {
        throw new MalformedDataException("POST /blocks body line " + (i + 1), 0, "'" + line + "' is not a CID: "
            + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Answers one request. Failures before the answer starts are thrown (the caller answers them
   * as JSON errors); after that, a failure cuts the stream (the asker keeps what was complete).
   */
  void serve(Request request, Response response, Callback callback)
      throws RestHandler.RestException, IOException {
    if (!request.getMethod().equals("POST")) {
      throw new RestHandler.RestException(405, request.getMethod() + " /blocks is not supported; use POST");
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new RestHandler.RestException(413, "a /blocks request body is at most " + MAX_BODY
          + " bytes (" + MAX_CIDS + " CIDs); split the request");
    }
    List<Cid> asked = parse(new String(body, StandardCharsets.UTF_8));
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CAR_TYPE);
    try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 1 << 16)) {
      CarWriter car = CarWriter.v1(out, List.of());
      long sent = 0;
      for (Cid cid : asked) {
        if (sent >= MAX_BYTES) {
          break;
        }
        byte[] data;
        try {
          data = store.getUnchecked(cid);
        } catch (BlockNotFoundException e) {
          continue;
        }
        car.put(Block.of(cid, data));
        sent += data.length;
      }
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }
}
