package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.NodeContext;
import io.cairn.server.node.CarImport;
import io.cairn.server.node.DagExport;
import io.cairn.server.node.DagGet;
import io.cairn.server.node.DagJson;
import io.cairn.server.node.DagStats;
import io.cairn.server.node.IpfsPath;
import io.cairn.store.Store;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * {@code dag/export|import|get|stat}. Export streams a CARv1 ({@code application/vnd.ipld.car});
 * import takes CARs as multipart files — each is copied to a temporary file beside the
 * repository as it arrives (no memory is used for it), verified whole, then imported, so a CAR
 * with a bad block stores nothing — and pins the roots once all are in; get prints a node as
 * DAG-JSON; stat reports Kubo's summary, with progress lines while walking unless
 * {@code progress=false}.
 */
final class DagCommands {
  /** Progress lines of {@code dag stat}: one every this many blocks (Kubo sends one per block). */
  static final long STAT_PROGRESS_EVERY = 1024;

  private DagCommands() {}

  static void export(RpcCall call) throws Exception {
    NodeContext node = call.node();
    Cid root = call.path(call.params().arg("root")).resolve(call.exporter());
    call.params().bool("progress", "p");
    call.fetchDag(root); // the export then reads local blocks only
    if (!node.store().has(root)) {
      node.store().get(root); // the store's not-found error, before the stream begins
    }
    OutputStream out = call.out().bytes("application/vnd.ipld.car", -1);
    DagExport.write(node.store(), root, out, n -> node.metrics().blockRead((int) n));
  }

  static void importCars(RpcCall call) throws Exception {
    Params p = call.params();
    boolean pinRoots = p.flag(true, "pin-roots");
    boolean stats = p.flag(false, "stats");
    boolean silent = p.flag(false, "silent");
    if (p.flag(false, "allow-big-block")) {
      throw RpcException.failed("allow-big-block is not supported: blocks over 2 MiB cannot be exchanged with other peers");
    }
    NodeContext node = call.node();
    Store store = node.store();
    MultipartReader parts = call.parts();
    LinkedHashSet<Cid> roots = new LinkedHashSet<>();
    long blocks = 0;
    long bytes = 0;
    int count = 0;
    // GC waits until the roots are pinned: imported blocks are unpinned until then.
    Lock gc = store.gcLock().readLock();
    gc.lock();
    try {
      MultipartReader.Part part;
      while ((part = parts.next()) != null) {
        count++;
        String label = part.fileName() == null || part.fileName().isEmpty()
            ? "CAR #" + count : "'" + AddPart.unescape(part.fileName()) + "'";
        Path tmp = Files.createTempFile(node.tempDir(), "import-", ".car");
        try {
          try (InputStream in = part.content()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          }
          CarImport.Result r = CarImport.importFile(store, tmp, label, n -> {});
          roots.addAll(r.roots());
          blocks += r.blocks();
          bytes += r.bytes();
          node.metrics().stored(r.blocks());
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      if (count == 0) {
        throw RpcException.badRequest("file argument 'path' is required");
      }
      if (pinRoots) {
        for (CarImport.RootPin r : CarImport.pinRoots(store, new ArrayList<>(roots))) {
          if (!silent) {
            call.out().emit(Json.obj("Root", Json.obj("Cid", Json.link(r.root()), "PinErrorMsg", r.error())));
          }
        }
      }
    } finally {
      gc.unlock();
    }
    if (stats && !silent) {
      call.out().emit(Json.obj("Stats", Json.obj("BlockCount", blocks, "BlockBytesCount", bytes)));
    }
  }

  static void get(RpcCall call) throws Exception {
    Params p = call.params();
    String codec = p.stringOr("dag-json", "output-codec");
    if (!codec.equals("dag-json") && !codec.equals("json")) {
      throw RpcException.failed("output-codec=" + codec + " is not supported (use dag-json)");
    }
    Object value = DagGet.resolve(call.reads(), call.exporter(), call.path(p.arg("ref"))); // fetches unless offline
    DagJson.write(value, call.out().bytes("text/plain", -1));
  }

  static void stat(RpcCall call) throws Exception {
    Params p = call.params();
    boolean progress = p.flag(true, "progress", "p");
    NodeContext node = call.node();
    List<Cid> roots = new ArrayList<>();
    for (String arg : p.args("root")) {
      IpfsPath path = call.path(arg);
      roots.add(path.resolve(call.exporter()));
    }
    for (Cid root : roots) {
      call.fetchDag(root);
    }
    DagStats.Summary s = DagStats.of(node.store(), roots, progress ? STAT_PROGRESS_EVERY : Long.MAX_VALUE,
        sofar -> call.out().emit(summary(sofar, false)));
    call.out().emit(summary(s, true));
  }

  /** Kubo's DagStatSummary: zero fields are left out, as Go's omitempty does. */
  private static Map<String, Object> summary(DagStats.Summary s, boolean done) {
    Map<String, Object> m = Json.obj();
    if (s.uniqueBlocks() != 0 && done) {
      m.put("UniqueBlocks", s.uniqueBlocks());
    }
    if (s.totalSize() != 0) {
      m.put("TotalSize", s.totalSize());
    }
    if (done && s.sharedSize() != 0) {
      m.put("SharedSize", s.sharedSize());
    }
    if (done && s.ratio() != 0) {
      m.put("Ratio", (float) s.ratio());
    }
    List<Object> stats = new ArrayList<>();
    for (DagStats.RootStat r : s.roots()) {
      Map<String, Object> one = Json.obj("Cid", r.cid().toString());
      if (r.size() != 0) {
        one.put("Size", r.size());
      }
      if (r.blocks() != 0) {
        one.put("NumBlocks", r.blocks());
      }
      stats.add(one);
    }
    m.put("DagStats", stats);
    return m;
  }
}
