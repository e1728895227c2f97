package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.NodeContext;
import io.cairn.server.node.IpfsPath;
import io.cairn.server.node.TreeExporter;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code get/write} (Cairn's own): the daemon writes a file or tree onto its own disk at
 * {@code to}, an absolute path that must not exist yet, as a local {@code cairn get} would
 * ({@link TreeExporter}: names checked, mode and mtime restored where recorded), fetching what it
 * lacks while it writes. The CLI uses it when the daemon runs on the same machine as the same
 * user, so the bytes are not sent through the API as a tar and unpacked again. The answer streams
 * {@code {"Size": n}} first for a file, {@code {"Bytes": n}} (file bytes written) every quarter
 * second, and ends with {@code {"Path": to, "Bytes": n}}. Like {@code sync} (which reads local directories),
 * this makes the API as powerful as the daemon's user: keep it on loopback or behind
 * {@code API.Authorizations}.
 */
final class GetWriteCommand implements RpcCommand {
  private static final long REPORT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  @Override
  public void run(RpcCall call) throws Exception {
    Params p = call.params();
    IpfsPath path = call.path(p.arg("ipfs-path"));
    Path to = Path.of(p.string("to").orElseThrow(() -> RpcException.failed("get/write needs to=ABSOLUTE-PATH")));
    if (!to.isAbsolute()) {
      throw RpcException.failed("get/write needs an absolute path on the daemon's machine, not '" + to + "'");
    }
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      throw RpcException.failed(to + " already exists; choose another place");
    }
    Path parent = to.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw RpcException.failed("the directory " + parent + " does not exist on the daemon's machine");
    }
    UnixfsExporter ex = call.exporter();
    Cid cid = path.resolve(ex);
    UnixfsEntry e = ex.stat(cid);
    RpcResponse out = call.out();
    if (e.kind() == UnixfsEntry.Kind.FILE) {
      out.emit(Map.of("Size", e.size()));
    }
    long[] reported = {System.nanoTime(), 0};
    long written;
    try (NodeContext.DagReader dag = call.dagReader(cid)) {
      TreeExporter writer = new TreeExporter(dag.exporter(), n -> {
        reported[1] += n;
        long now = System.nanoTime();
        if (now - reported[0] >= REPORT_NANOS) {
          reported[0] = now;
          try {
            out.emit(Map.of("Bytes", reported[1]));
          } catch (java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
          }
        }
      });
      try {
        writer.export(cid, to);
      } catch (java.io.UncheckedIOException u) {
        throw u.getCause();
      }
      written = writer.bytesWritten();
    }
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("Path", to.toString());
    done.put("Bytes", written);
    out.emit(done);
  }
}
