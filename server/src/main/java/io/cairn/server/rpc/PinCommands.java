package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.server.NodeContext;
import io.cairn.server.node.IpfsPath;
import io.cairn.server.node.PinListing;
import io.cairn.server.node.Pins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * {@code pin/add|ls|rm}, answered in Kubo's shapes: add and rm {@code {"Pins":[cid…]}}; ls
 * <code>{"Keys":{cid:{"Type","Name"}}}</code>, or with {@code stream=true} one
 * {@code {"Cid","Name","Type"}} line per pin as it is found. Names are only reported with
 * {@code names=true} (or a {@code name} filter), as in Kubo.
 */
final class PinCommands {
  private PinCommands() {}

  static void add(RpcCall call) throws Exception {
    Params p = call.params();
    boolean recursive = p.flag(true, "recursive", "r");
    String name = p.stringOr("", "name", "n");
    boolean progress = p.flag(false, "progress");
    NodeContext node = call.node();
    List<String> pinned = new ArrayList<>();
    long blocks = 0;
    long bytes = 0;
    Pins.checkName(name);
    boolean offline = call.offline();
    for (String arg : p.args("ipfs-path")) {
      Cid cid = call.path(arg).resolve(call.exporter());
      Pins.Added a;
      if (offline) {
        a = Pins.add(node.store(), cid, recursive, name);
      } else {
        // GC waits while the DAG arrives: a fetch commits as it goes, unpinned until the end.
        Lock gc = node.store().gcLock().readLock();
        gc.lock();
        try {
          if (recursive && progress) {
            try (FetchProgress shown = new FetchProgress(call.out(), node.fetchListener())) {
              node.transfer().orElseThrow().fetchDag(cid, List.of(), shown);
            }
          } else if (recursive) {
            node.transfer().orElseThrow().fetchDag(cid, List.of(), node.fetchListener());
          } else {
            call.reads().get(cid);
          }
          a = Pins.add(node.store(), cid, recursive, name);
        } finally {
          gc.unlock();
        }
      }
      blocks += a.blocks();
      bytes += a.bytes();
      pinned.add(cid.toString());
    }
    if (progress) {
      call.out().emit(Json.obj("Progress", blocks, "Bytes", bytes));
      call.out().emit(Json.obj("Pins", pinned));
    } else {
      call.out().single(Json.obj("Pins", pinned));
    }
  }

  static void rm(RpcCall call) throws Exception {
    Params p = call.params();
    boolean recursive = p.flag(true, "recursive", "r");
    NodeContext node = call.node();
    List<String> removed = new ArrayList<>();
    for (String arg : p.args("ipfs-path")) {
      Cid cid = IpfsPath.parse(arg).resolve(node.exporter());
      Pins.remove(node.store(), cid, recursive);
      removed.add(cid.toString());
    }
    call.out().single(Json.obj("Pins", removed));
  }

  static void ls(RpcCall call) throws Exception {
    Params p = call.params();
    String type = p.stringOr("all", "type", "t");
    boolean stream = p.flag(false, "stream", "s");
    Optional<String> nameFilter = p.string("name", "n");
    boolean names = p.flag(false, "names") || nameFilter.isPresent();
    p.bool("quiet", "q");
    if (!PinListing.TYPES.contains(type)) {
      throw RpcException.failed("invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
    }
    if (nameFilter.isPresent()) {
      Pins.checkName(nameFilter.get());
    }
    NodeContext node = call.node();
    List<PinListing.Entry> selected = new ArrayList<>();
    List<String> args = p.args();
    if (!args.isEmpty()) {
      Map<String, PinListing.Entry> all = new LinkedHashMap<>();
      for (PinListing.Entry e : PinListing.list(node.store(), type)) {
        all.putIfAbsent(e.cid().toString(), e);
      }
      for (String arg : args) {
        String key = IpfsPath.parse(arg).resolve(node.exporter()).toString();
        PinListing.Entry e = all.get(key);
        if (e == null) {
          throw RpcException.failed("path '" + arg + "' is not pinned");
        }
        selected.add(e);
      }
    }
    Map<String, Object> keys = new LinkedHashMap<>();
    PinListing.Sink sink = e -> {
      if (nameFilter.isPresent() && !e.name().contains(nameFilter.get())) {
        return;
      }
      String name = names ? e.name() : "";
      if (stream) {
        Map<String, Object> line = Json.obj("Cid", e.cid().toString());
        if (!name.isEmpty()) {
          line.put("Name", name);
        }
        line.put("Type", e.type());
        call.out().emit(line);
      } else {
        keys.putIfAbsent(e.cid().toString(), Json.obj("Type", e.type(), "Name", name));
      }
    };
    if (args.isEmpty()) {
      PinListing.forEach(node.store(), type, sink);
    } else {
      for (PinListing.Entry e : selected) {
        sink.accept(e);
      }
    }
    if (!stream) {
      call.out().single(Json.obj("Keys", keys));
    }
  }
}
