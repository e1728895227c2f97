package io.cairn.server.rpc;

import io.cairn.server.NodeContext;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** What a command sees of one request: the node, its arguments and options, its body, its answer. */
final class RpcCall {
  private final NodeContext node;
  private final String command;
  private final Params params;
  private final RpcResponse out;
  private final Request request;
  private final long maxBody;

  RpcCall(NodeContext node, String command, Params params, RpcResponse out, Request request, long maxBody) {
    this.node = node;
    this.command = command;
    this.params = params;
    this.out = out;
    this.request = request;
    this.maxBody = maxBody;
  }

  NodeContext node() {
    return node;
  }

  /**
   * A content path argument: a CID, {@code /ipfs/…}, or {@code /ipns/NAME…} through the node's
   * names. The names (and with them the keystore, whose Ed25519 keys load BouncyCastle, a signed
   * jar the JVM verifies on first use: ~150 ms) are opened only for an {@code /ipns/} path.
   */
  io.cairn.server.node.IpfsPath path(String arg) throws java.io.IOException {
    if (arg == null || !arg.startsWith("/ipns/")) {
      return io.cairn.server.node.IpfsPath.parse(arg);
    }
    return io.cairn.server.node.IpfsPath.parse(arg, node.names());
  }

  /** The command path, e.g. {@code block/put}. */
  String command() {
    return command;
  }

  Params params() {
    return params;
  }

  /**
   * Whether the command keeps to local blocks: the node is offline, or the request says
   * {@code offline=true} (Kubo's global {@code --offline}).
   */
  boolean offline() throws RpcException {
    return params.flag(false, "offline") || !node.online();
  }

  /** A UnixFS reader that fetches missing blocks unless {@link #offline()}. */
  io.cairn.unixfs.UnixfsExporter exporter() throws RpcException {
    return node.exporter(offline());
  }

  /** Block reads that fetch a missing block unless {@link #offline()}. */
  io.cairn.codec.BlockSource reads() throws RpcException {
    return node.reads(offline());
  }

  /**
   * Unless {@link #offline()}, fetches whatever the store lacks of the DAG under {@code root}
   * (one DAG fetch: CARs, many requests in flight), so a local walk of it then finds every block.
   */
  void fetchDag(io.cairn.codec.Cid root) throws java.io.IOException, RpcException {
    if (!offline()) {
      node.transfer().orElseThrow().fetchDag(root, java.util.List.of(), node.fetchListener());
    }
  }

  /**
   * A reader for streaming the whole DAG under {@code root} out; unless {@link #offline()}, the
   * DAG is fetched in the background as it is read.
   */
  NodeContext.DagReader dagReader(io.cairn.codec.Cid root) throws RpcException {
    return node.dagReader(root, offline());
  }

  /**
   * Unless {@link #offline()}, brings in the blocks of one byte range of a file in one request
   * ({@code entity-bytes}); best effort: what does not arrive is fetched block by block as it is
   * read, and a real failure is reported by that read.
   */
  void fetchRange(io.cairn.codec.Cid file, long offset, long length) throws RpcException {
    if (!offline() && length > 0) {
      try {
        node.transfer().orElseThrow().fetchRange(file, offset, length);
      } catch (java.io.IOException | RuntimeException e) {
        // the read that follows fetches what is missing, or says why it cannot
      }
    }
  }

  RpcResponse out() {
    return out;
  }

  /** The request body as a blocking stream, capped at the command's limit. */
  InputStream body() {
    return BodyLimit.capped(Content.Source.asInputStream(request), maxBody, command);
  }

  /** The request body's files, part by part. */
  MultipartReader parts() throws RpcException {
    return MultipartReader.open(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body(), command);
  }
}
