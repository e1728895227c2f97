package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.server.NodeContext;
import io.cairn.server.node.RepoStats;
import io.cairn.server.node.RepoVerify;
import io.cairn.store.GarbageCollector;
import java.io.IOException;

/**
 * {@code repo/stat|gc|verify}. Stat answers Kubo's
 * {@code {"RepoSize","StorageMax","NumObjects","RepoPath","Version"}} with sizes in bytes; gc
 * streams one <code>{"Key":{"/":cid}}</code> per removed block (named as raw CIDv1: the store
 * keys blocks by multihash, as Kubo's does); verify streams {@code {"Msg","Progress"}} per block
 * as Kubo does, then a closing message, and fails when anything is wrong.
 */
final class RepoCommands {
  private RepoCommands() {}

  static void stat(RpcCall call) throws Exception {
    Params p = call.params();
    boolean sizeOnly = p.flag(false, "size-only", "s");
    p.bool("human", "H");
    NodeContext node = call.node();
    RepoStats s = sizeOnly ? RepoStats.sizes(node.store(), node.config())
        : RepoStats.of(node.store(), node.config(), node.repoPath());
    call.out().single(Json.obj("RepoSize", s.repoSize(), "StorageMax", s.storageMaxBytes(),
        "NumObjects", s.numObjects(), "RepoPath", s.repoPath(), "Version", s.version()));
  }

  static void gc(RpcCall call) throws Exception {
    Params p = call.params();
    boolean silent = p.flag(false, "silent");
    boolean streamErrors = p.flag(false, "stream-errors");
    p.bool("quiet", "q");
    GarbageCollector.Result r = GarbageCollector.collect(call.node().store());
    if (!silent) {
      for (Multihash mh : r.removed()) {
        call.out().emit(Json.obj("Key", Json.link(Cid.v1(Multicodec.RAW, mh))));
      }
    }
    if (streamErrors && !r.missing().isEmpty()) {
      call.out().emit(Json.obj("Error", r.missing().size() + " blocks under pins are missing (e.g. "
          + r.missing().iterator().next() + "); run 'cairn repo verify'"));
    }
  }

  static void verify(RpcCall call) throws Exception {
    Params p = call.params();
    if (p.flag(false, "drop") || p.flag(false, "heal")) {
      throw RpcException.failed("drop and heal are not supported: repo verify only reports (remove a damaged block with "
          + "block/rm, then add or import it again)");
    }
    RpcResponse out = call.out();
    RepoVerify.Result r = RepoVerify.run(call.node().store(), new RepoVerify.Listener() {
      @Override
      public void block(long index, int bytes, String problem) throws IOException {
        if (problem != null) {
          out.emit(Json.obj("Msg", problem, "Progress", 0));
        }
        out.emit(Json.obj("Msg", "", "Progress", index));
      }

      @Override
      public void pinProblem(String problem) throws IOException {
        out.emit(Json.obj("Msg", problem, "Progress", 0));
      }
    });
    if (!r.ok()) {
      throw RpcException.failed("verify complete, " + r.problems().size() + " problems found in " + r.blocks()
          + " blocks and " + r.pins() + " pins");
    }
    out.emit(Json.obj("Msg", "verify complete, all blocks validated.", "Progress", 0));
  }
}
