package io.cairn.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.store.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a node's providers are configured, in Kubo's shapes:
 * <ul>
 *   <li>{@code Peering.Peers}: {@code [{"ID": peer ID, "Addrs": ["/ip4/…/tcp/…/http"]}]}; only
 *       HTTP addresses count (see {@link HttpAddress});
 *   <li>{@code Routing.DelegatedRouters}: base URLs of routing v1 endpoints, asked per fetch;
 *   <li>{@value #GATEWAYS_KEY}: base URLs of trustless gateways (Kubo's {@code HTTPRetrieval}
 *       section is where it keeps its HTTP-fetch settings, so the list lives beside them).
 * </ul>
 */
public final class ProviderConfig {
  public static final String PEERS_KEY = "Peering.Peers";
  public static final String ROUTERS_KEY = "Routing.DelegatedRouters";
  public static final String GATEWAYS_KEY = "HTTPRetrieval.TrustlessGateways";

  private ProviderConfig() {}

  /** The providers named in config: HTTP peers, then gateways (routers are asked per fetch). */
  public static List<Provider> providers(Config config, TransferSettings settings) {
    List<Provider> out = new ArrayList<>();
    for (JsonNode peer : array(config, PEERS_KEY)) {
      String id = peer.path("ID").asText("");
      for (JsonNode a : peer.path("Addrs")) {
        HttpAddress.toUrl(a.asText("")).ifPresent(url -> addOnce(out, new Provider(id.isEmpty() ? url : id, url, settings)));
      }
    }
    for (JsonNode g : array(config, GATEWAYS_KEY)) {
      if (!g.asText("").isBlank()) {
        addOnce(out, Provider.ofUrl(g.asText().trim(), settings));
      }
    }
    return out;
  }

  /** The delegated routing endpoints' base URLs. */
  public static List<String> routers(Config config) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : array(config, ROUTERS_KEY)) {
      String url = r.asText("").trim();
      if (!url.isEmpty()) {
        out.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      }
    }
    return out;
  }

  static void addOnce(List<Provider> list, Provider p) {
    if (!list.contains(p)) {
      list.add(p);
    }
  }

  private static Iterable<JsonNode> array(Config config, String key) {
    JsonNode n = config.get(key).orElse(null);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(key + " must be a JSON array, not " + n.getNodeType());
    }
    return n;
  }
}
