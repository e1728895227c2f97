package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.NodeContext;
import io.cairn.server.node.IpfsPath;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code get}: a file or tree as Kubo sends it — a tar stream ({@code application/x-tar}) named
 * after the path's last segment; with {@code compress} the tar is gzipped
 * ({@code application/gzip}), and a single file with {@code compress} but without
 * {@code archive} is sent gzipped bare, as Kubo does. {@code output} is the CLI's business and
 * is ignored.
 */
final class GetCommand implements RpcCommand {
  @Override
  public void run(RpcCall call) throws Exception {
    Params p = call.params();
    String arg = p.arg("ipfs-path");
    IpfsPath path = call.path(arg);
    boolean archive = p.flag(false, "archive", "a");
    boolean compress = p.flag(false, "compress", "C");
    int level = p.int32("compression-level", "l").orElse(compress ? Deflater.DEFAULT_COMPRESSION : 0);
    p.bool("progress", "p");
    p.string("output", "o");
    if (compress && level != Deflater.DEFAULT_COMPRESSION && (level < 1 || level > 9)) {
      throw RpcException.failed("compression level must be between 1 and 9");
    }
    UnixfsExporter ex = call.exporter();
    Cid cid = path.resolve(ex);
    UnixfsEntry e = ex.stat(cid);
    String name = IpfsPath.lastName(arg);
    if (compress && !archive) {
      if (e.kind() != UnixfsEntry.Kind.FILE) {
        throw RpcException.failed("file is not regular: only a file can be sent compressed without archive=true");
      }
      try (NodeContext.DagReader dag = call.dagReader(cid);
          GZIPOutputStream gz = gzip(call.out().bytes("application/gzip", -1), level);
          InputStream in = dag.exporter().open(cid)) {
        in.transferTo(gz);
      }
      return;
    }
    long length = e.kind() == UnixfsEntry.Kind.FILE ? e.size() : -1;
    try (NodeContext.DagReader dag = call.dagReader(cid)) {
      OutputStream out = call.out().bytes(compress ? "application/gzip" : "application/x-tar", length);
      if (compress) {
        try (GZIPOutputStream gz = gzip(out, level)) {
          new TarStream(dag.exporter(), gz).write(cid, name);
        }
      } else {
        new TarStream(dag.exporter(), out).write(cid, name);
      }
    }
  }

  private static GZIPOutputStream gzip(OutputStream out, int level) throws java.io.IOException {
    return new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(level);
      }
    };
  }
}
