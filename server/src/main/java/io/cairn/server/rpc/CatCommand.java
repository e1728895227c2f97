package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.NodeContext;
import io.cairn.server.node.IpfsPath;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cat}: the bytes of one or more files, one after another, as a text/plain stream with
 * {@code X-Content-Length}. As in Kubo, {@code offset} runs across the files (a file it passes
 * is skipped whole) and {@code length} caps the total. Every path is resolved before the first
 * byte is sent, so a bad path is a clean error.
 */
final class CatCommand implements RpcCommand {
  private record Slice(Cid cid, long offset, long length) {}

  @Override
  public void run(RpcCall call) throws Exception {
    Params p = call.params();
    List<String> paths = p.args("ipfs-path");
    long offset = p.int64("offset", "o").orElse(0L);
    long max = p.int64("length", "l").orElse(-1L);
    p.bool("progress", "p");
    if (offset < 0) {
      throw RpcException.failed("cannot specify negative offset");
    }
    if (p.int64("length", "l").isPresent() && max < 0) {
      throw RpcException.failed("cannot specify negative length");
    }
    UnixfsExporter ex = call.exporter();
    List<Slice> plan = new ArrayList<>();
    long total = 0;
    if (max != 0) {
      for (String s : paths) {
        IpfsPath path = call.path(s);
        Cid cid = path.resolve(ex);
        UnixfsEntry e = ex.stat(cid);
        if (e.kind().isDirectory()) {
          throw RpcException.failed("this dag node is a directory");
        } else if (e.kind() == UnixfsEntry.Kind.SYMLINK) {
          throw RpcException.failed("this dag node is a symlink, not a file");
        }
        if (offset > e.size()) {
          offset -= e.size();
          continue;
        }
        long count = e.size() - offset;
        total += count;
        if (max > 0 && total >= max) {
          count -= total - max;
          total = max;
          plan.add(new Slice(cid, offset, count));
          break;
        }
        plan.add(new Slice(cid, offset, count));
        offset = 0;
      }
    }
    OutputStream out = call.out().bytes("text/plain", total);
    for (Slice s : plan) {
      if (s.offset() == 0 && s.length() == ex.stat(s.cid()).size()) { // a whole file: fetched as it streams
        try (NodeContext.DagReader dag = call.dagReader(s.cid());
            InputStream in = dag.exporter().open(s.cid())) {
          in.transferTo(out);
        }
      } else {
        call.fetchRange(s.cid(), s.offset(), s.length()); // what the range lacks, in one request
        try (InputStream in = ex.open(s.cid(), s.offset(), s.length())) {
          in.transferTo(out);
        }
      }
    }
  }
}
