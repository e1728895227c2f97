package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.NodeContext;
import io.cairn.server.node.IpfsPath;
import io.cairn.server.node.TreeExporter;
import io.cairn.unixfs.UnixfsEntry;
import io.cairn.unixfs.UnixfsExporter;
import io.cairn.transfer.FetchListener;
import io.cairn.transfer.Transfer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code get/write} (Cairn's own): the daemon writes a file or tree onto its own disk at
 * {@code to}, an absolute path that must not exist yet, as a local {@code cairn get} would
 * ({@link TreeExporter}: names checked, mode and mtime restored where recorded), fetching what it
 * lacks while it writes. The CLI uses it when the daemon runs on the same machine as the same
 * user, so the bytes are not sent through the API as a tar and unpacked again. A single file is
 * written as its blocks arrive, at their offsets ({@link Transfer#fetchFile}), unless offline.
 * The answer streams {@code {"Size": n}} first for a file, {@code {"Bytes": n}} (file bytes
 * written) every quarter second, and ends with {@code {"Path": to, "Bytes": n}}. Like
 * {@code sync} (which reads local directories), this makes the API as powerful as the daemon's
 * user: keep it on loopback or behind
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
    Optional<Transfer> fetching = call.offline() ? Optional.empty() : call.node().transfer();
    long written;
    if (e.kind() == UnixfsEntry.Kind.FILE && fetching.isPresent()
        && writeFetched(fetching.get(), call.node().fetchListener(), cid, e, to, out)) {
      written = e.size();
    } else {
      written = writeInOrder(call, cid, to, out);
    }
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("Path", to.toString());
    done.put("Bytes", written);
    out.emit(done);
  }

  /**
   * A file, fetched as far as the node lacks it, with its bytes written at their offsets as
   * blocks arrive ({@link Transfer#fetchFile}), so nothing fetched is read back from the store.
   * False when some bytes could not be placed so (a leaf repeated across subtrees): the file is
   * then removed, its DAG held in full, for {@link #writeInOrder}. A failed fetch removes the
   * partial file (so the same {@code to} can be retried) and is thrown; the client going away
   * interrupts the fetch.
   */
  private static boolean writeFetched(Transfer transfer, FetchListener listener, Cid cid, UnixfsEntry e, Path to,
      RpcResponse out) throws Exception {
    LongAdder bytes = new LongAdder();
    Thread fetching = Thread.currentThread();
    AtomicBoolean over = new AtomicBoolean();
    Thread reporter = Thread.ofVirtual().name("cairn-get-progress").start(() -> {
      long sent = 0;
      while (!over.get()) {
        LockSupport.parkNanos(REPORT_NANOS);
        long now = bytes.sum();
        if (now != sent && !over.get()) {
          sent = now;
          try {
            out.emit(Map.of("Bytes", now));
          } catch (java.io.IOException gone) {
            fetching.interrupt(); // nobody is listening any more: stop the fetch
            return;
          }
        }
      }
    });
    boolean placed;
    boolean ok = false;
    try {
      try (FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        placed = transfer.fetchFile(cid, e.size(), ch, listener, bytes::add);
      } finally {
        over.set(true);
        LockSupport.unpark(reporter); // else the end waits out its quarter-second park
        reporter.join();
      }
      Thread.interrupted(); // an interrupt that came after the fetch ended is not for what follows
      if (placed) {
        TreeExporter.restoreMetadata(e, to);
      }
      ok = placed;
      return placed;
    } finally {
      if (!ok) {
        Files.deleteIfExists(to);
      }
    }
  }

  /** Writes the DAG in order through the node's reader (fetching in the background what it lacks). */
  private static long writeInOrder(RpcCall call, Cid cid, Path to, RpcResponse out) throws Exception {
    long[] reported = {System.nanoTime(), 0};
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
      return writer.bytesWritten();
    }
  }
}
