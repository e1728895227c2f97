package io.cairn.server.rpc;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.server.NodeContext;
import io.cairn.server.node.Blocks;
import io.cairn.server.node.IpfsPath;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code block/get|put|stat|rm}: single blocks. {@code put} takes one or more multipart files
 * (the request body is capped at one 2 MiB block plus framing) and answers {@code {"Key","Size"}}
 * per block; {@code rm} answers {@code {"Hash"}} or {@code {"Hash","Error"}} per CID and refuses
 * blocks under a pin. A CID path's path part is resolved through UnixFS first, as Kubo does.
 */
final class BlockCommands {
  private BlockCommands() {}

  static void get(RpcCall call) throws Exception {
    NodeContext node = call.node();
    Cid cid = IpfsPath.parse(call.params().arg("cid")).resolve(call.exporter());
    byte[] data = call.reads().get(cid);
    node.metrics().blockRead(data.length);
    OutputStream out = call.out().bytes("application/vnd.ipld.raw", data.length);
    out.write(data);
  }

  static void stat(RpcCall call) throws Exception {
    NodeContext node = call.node();
    Cid cid = IpfsPath.parse(call.params().arg("cid")).resolve(call.exporter());
    Optional<Integer> size = node.store().blockSize(cid);
    if (size.isEmpty()) {
      size = Optional.of(call.reads().get(cid).length); // fetched, or the not-found error
    }
    call.out().single(Json.obj("Key", cid.toString(), "Size", size.orElse(0)));
  }

  static void put(RpcCall call) throws Exception {
    Params p = call.params();
    String codecName = p.stringOr("raw", "cid-codec");
    Optional<String> format = p.string("format", "f");
    Blocks.checkHash(p.stringOr("", "mhtype"));
    int mhlen = p.int32("mhlen").orElse(-1);
    if (mhlen != -1 && mhlen != 32) {
      throw RpcException.failed("mhlen=" + mhlen + " is not supported: sha2-256 digests are 32 bytes");
    }
    boolean pin = p.flag(false, "pin");
    if (p.flag(false, "allow-big-block")) {
      throw RpcException.failed("allow-big-block is not supported: blocks over 2 MiB cannot be exchanged with other peers");
    }
    int version = 1;
    Multicodec codec = Blocks.codec(codecName);
    if (format.isPresent()) {
      if (!codecName.equals("raw")) {
        throw RpcException.failed("unable to use \"format\" (deprecated) and a custom \"cid-codec\" at the same time");
      }
      switch (format.get()) {
        case "v0", "protobuf", "dag-pb" -> {
          version = 0;
          codec = Multicodec.DAG_PB;
        }
        case "cbor", "dag-cbor" -> codec = Multicodec.DAG_CBOR;
        case "raw" -> codec = Multicodec.RAW;
        default -> throw RpcException.failed("unknown format '" + format.get() + "' (use cid-codec instead)");
      }
    }
    // The body is small (capped): every block is read and checked before any is stored.
    MultipartReader parts = call.parts();
    List<Block> blocks = new ArrayList<>();
    MultipartReader.Part part;
    while ((part = parts.next()) != null) {
      blocks.add(Blocks.create(version, codec, part.content().readNBytes(Blocks.MAX_BLOCK + 1)));
    }
    if (blocks.isEmpty()) {
      throw RpcException.badRequest("file argument 'data' is required");
    }
    NodeContext node = call.node();
    for (Block b : blocks) {
      node.store().put(b);
      node.metrics().stored(1);
      if (pin) {
        node.store().putPin(new Pin(b.cid(), PinMode.RECURSIVE, ""));
      }
      call.out().emit(Json.obj("Key", b.cid().toString(), "Size", b.size()));
    }
  }

  static void rm(RpcCall call) throws Exception {
    Params p = call.params();
    boolean force = p.flag(false, "force", "f");
    boolean quiet = p.flag(false, "quiet", "q");
    NodeContext node = call.node();
    Blocks.Remover remover = new Blocks.Remover(node.store());
    for (String arg : p.args("cid")) {
      Cid cid = IpfsPath.parse(arg).resolve(node.exporter());
      Blocks.Removal r = remover.remove(cid);
      if (r == Blocks.Removal.REMOVED || (force && r == Blocks.Removal.NOT_FOUND)) {
        if (!quiet) {
          call.out().emit(Json.obj("Hash", cid.toString()));
        }
      } else {
        call.out().emit(Json.obj("Hash", cid.toString(), "Error", r.message(cid, remover)));
      }
    }
  }
}
