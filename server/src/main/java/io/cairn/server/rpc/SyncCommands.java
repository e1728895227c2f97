package io.cairn.server.rpc;

import io.cairn.server.node.ImportSettings;
import io.cairn.server.sync.Sync;
import io.cairn.server.sync.SyncJson;
import io.cairn.server.sync.StableName;
import io.cairn.server.sync.SyncListener;
import io.cairn.server.sync.SyncRequest;
import io.cairn.server.sync.SyncResult;
import io.cairn.unixfs.ImportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Cairn's own {@code sync} and {@code sync/ls} (Kubo has none). {@code sync?arg=DIR} runs a sync
 * of the directory DIR <em>on the daemon's machine</em>, read with the daemon's permissions: the
 * CLI on the same machine sends it when a daemon holds the repository. The API answers only on
 * loopback by default and, with {@code API.Authorizations}, only to a bearer of its secret, so
 * only local users (or holders of the secret) can make the daemon read a directory. Options are
 * {@code add}'s import options plus {@code name}, {@code keep} (N or {@code all}),
 * {@code checksum}, {@code moved} and {@code hidden}; the answer streams {@code {"Bytes": n}} progress with
 * {@code progress=true}, then the result ({@link SyncJson#result}).
 */
final class SyncCommands {
  private SyncCommands() {}

  static void sync(RpcCall call) throws Exception {
    Params p = call.params();
    Path dir = Path.of(p.arg("directory"));
    if (!dir.isAbsolute()) {
      throw RpcException.failed("sync needs an absolute path on the daemon's machine, not '" + dir + "'");
    }
    boolean progress = p.flag(false, "progress", "p");
    SyncRequest request;
    try {
      request = new SyncRequest(dir, p.string("name").orElse(null), options(p), p.flag(false, "hidden", "H"),
          keep(p.string("keep").orElse(null)), p.flag(false, "checksum", "c"), p.flag(false, "moved"));
    } catch (IllegalArgumentException e) {
      throw RpcException.failed(e.getMessage());
    }
    RpcResponse out = call.out();
    SyncListener listener = !progress ? SyncListener.NONE : new SyncListener() {
      private long bytes;
      private long reported;

      @Override
      public void bytesRead(long n) {
        bytes += n;
      }

      @Override
      public void walked(String path) throws IOException {
        if (bytes - reported >= (1 << 20)) {
          reported = bytes;
          out.emit(Map.of("Bytes", bytes));
        }
      }
    };
    SyncResult result = Sync.run(call.node().store(), request, SyncListener.both(listener, call.node().afterSync()),
        call.node().syncCache(), call.node().syncWatcher());
    Map<String, Object> answer = SyncJson.result(result);
    StableName.publish(call.node().names(), result, answer);
    out.emit(answer);
  }

  static void ls(RpcCall call) throws Exception {
    Params p = call.params();
    if (p.args().isEmpty()) {
      call.out().single(SyncJson.trees(call.node().store()));
      return;
    }
    String name = p.arg("name");
    Map<String, Object> tree = SyncJson.tree(call.node().store(), name);
    if (tree == null) {
      throw RpcException.failed("nothing is synced under the name '" + name + "'; see 'cairn sync ls'");
    }
    call.out().single(tree);
  }

  /** {@code N} (at least 1) or {@code all}; absent keeps the tree's setting. */
  static int keep(String s) {
    if (s == null) {
      return 0;
    }
    if (s.equals("all")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(s);
      if (n < 1) {
        throw new IllegalArgumentException("keep must be at least 1 or 'all', not " + s);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("keep must be a number of versions or 'all', not '" + s + "'");
    }
  }

  private static ImportOptions options(Params p) throws RpcException {
    return new ImportSettings()
        .profile(p.string("profile").orElse(null))
        .hamtThreshold(p.int64("hamt-threshold").orElse(null))
        .hamtEstimate(p.string("hamt-estimate").orElse(null))
        .cidVersion(p.int32("cid-version").orElse(null))
        .rawLeaves(p.bool("raw-leaves").orElse(null))
        .chunker(p.string("chunker", "s").orElse(null))
        .maxFileLinks(p.int32("max-file-links").orElse(null))
        .trickle(p.flag(false, "trickle", "t"))
        .inline(p.flag(false, "inline"))
        .inlineLimit(p.int32("inline-limit").orElse(null))
        .preserveMode(p.flag(false, "preserve-mode"))
        .preserveMtime(p.flag(false, "preserve-mtime"))
        .toOptions();
  }
}
