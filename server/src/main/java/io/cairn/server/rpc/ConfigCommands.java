package io.cairn.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.store.Config;
import java.util.List;

/**
 * {@code config} (read a key: {@code {"Key","Value"}}) and {@code config/show} (the whole config).
 * The private key never leaves: it is removed from what is shown, and asking for it is refused,
 * as in Kubo. The config is read-only over the API — the daemon has it loaded, so a change made
 * here would not take effect — and changes are refused with 403.
 */
final class ConfigCommands {
  static final String READ_ONLY = "the config is read-only over the API; use 'cairn config' with the daemon stopped";
  private static final String PRIVATE_KEY = "Identity.PrivKey";

  private ConfigCommands() {}

  static void get(RpcCall call) throws Exception {
    Params p = call.params();
    List<String> args = p.args("key");
    p.bool("bool");
    p.bool("json");
    if (args.size() > 1) {
      throw forbidden();
    }
    String key = args.get(0);
    if (key.equals(PRIVATE_KEY) || key.startsWith(PRIVATE_KEY + ".")) {
      throw RpcException.failed("cannot show or change private key through API");
    }
    Config config = call.node().config();
    JsonNode value = config.get(key).orElseThrow(
        () -> RpcException.failed("failed to get config value: no config key '" + key + "'"));
    if (value.isObject() && key.equals("Identity")) {
      value = ((ObjectNode) value.deepCopy()).without("PrivKey");
    }
    call.out().single(Json.obj("Key", key, "Value", value));
  }

  static void show(RpcCall call) throws Exception {
    JsonNode root = call.node().config().root();
    JsonNode identity = root.get("Identity");
    if (identity instanceof ObjectNode o) {
      o.remove("PrivKey");
    }
    call.out().single(root);
  }

  static void refuse(RpcCall call) throws Exception {
    throw forbidden();
  }

  private static RpcException forbidden() {
    return new RpcException(403, RpcException.CODE_FORBIDDEN, READ_ONLY);
  }
}
