package io.cairn.server.rpc;

import io.cairn.codec.ipns.IpnsName;
import io.cairn.server.node.GoDuration;
import io.cairn.server.node.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code key/gen}, {@code key/list}, {@code name/publish} and {@code name/resolve} in Kubo's
 * shapes: {@code {"Name","Id"}}, {@code {"Keys":[{"Name","Id"}…]}}, {@code {"Name","Value"}},
 * {@code {"Path"}}. Ids are IPNS names in base36 ({@code k51…}, Kubo's default ipns-base). Keys
 * are Ed25519 only ({@code type=ed25519}, Kubo's default).
 */
final class NameCommands {
  private NameCommands() {}

  static void keyGen(RpcCall call) throws Exception {
    Params p = call.params();
    String type = p.stringOr("ed25519", "type", "t");
    if (!type.equals("ed25519")) {
      throw RpcException.badRequest("key type '" + type + "' is not supported; Cairn makes ed25519 keys");
    }
    checkBase(p);
    Names.KeyInfo k = call.node().names().generateKey(p.arg("name"));
    call.out().single(Json.obj("Name", k.name(), "Id", k.id().toString()));
  }

  static void keyList(RpcCall call) throws Exception {
    Params p = call.params();
    p.bool("l");
    checkBase(p);
    List<Map<String, Object>> keys = new ArrayList<>();
    for (Names.KeyInfo k : call.node().names().keys()) {
      keys.add(Json.obj("Name", k.name(), "Id", k.id().toString()));
    }
    call.out().single(Json.obj("Keys", keys));
  }

  static void publish(RpcCall call) throws Exception {
    Params p = call.params();
    String path = p.arg("ipfs-path");
    String key = p.stringOr("self", "key", "k");
    Duration lifetime = GoDuration.parse(p.stringOr(GoDuration.format(Names.DEFAULT_LIFETIME), "lifetime", "t"));
    Duration ttl = GoDuration.parse(p.stringOr(GoDuration.format(Names.DEFAULT_TTL), "ttl"));
    p.bool("resolve");
    p.bool("allow-offline");
    p.bool("quieter", "Q");
    checkBase(p);
    Names.Published done = call.node().names().publish(key, path, lifetime, ttl);
    call.out().single(Json.obj("Name", done.name().toString(), "Value", done.value()));
  }

  static void resolve(RpcCall call) throws Exception {
    Params p = call.params();
    List<String> args = p.args();
    Names names = call.node().names();
    String text = args.isEmpty() ? "self" : args.get(0);
    p.bool("recursive", "r");
    p.bool("nocache", "n");
    p.bool("stream", "s");
    String after = text.startsWith("/ipns/") ? text.substring(6) : text;
    int slash = after.indexOf('/');
    IpnsName name = names.parseName(slash < 0 ? after : after.substring(0, slash));
    String rest = slash < 0 ? "" : after.substring(slash + 1);
    call.out().single(Json.obj("Path", names.resolve(name, rest).path()));
  }

  private static void checkBase(Params p) throws RpcException {
    String base = p.stringOr("base36", "ipns-base");
    if (!base.equals("base36")) {
      throw RpcException.badRequest("ipns-base '" + base + "' is not supported; names are written in base36 (k51…)");
    }
  }
}
