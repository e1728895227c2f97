package io.cairn.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.codec.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks routing v1 endpoints ({@code GET {router}/routing/v1/providers/{cid}}) who holds a CID,
 * and keeps the peers that serve the trustless gateway protocol over HTTP
 * ({@code transport-ipfs-gateway-http}) with an HTTP address. A router that fails is skipped.
 */
final class DelegatedRouting {
  static final String GATEWAY_PROTOCOL = "transport-ipfs-gateway-http";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ANSWER = 1 << 20;

  private final HttpTransport http;
  private final List<String> routers;
  private final TransferSettings settings;

  DelegatedRouting(HttpTransport http, List<String> routers, TransferSettings settings) {
    this.http = http;
    this.routers = List.copyOf(routers);
    this.settings = settings;
  }

  List<Provider> find(Cid cid) {
    List<Provider> out = new ArrayList<>();
    for (String router : routers) {
      try {
        byte[] body = http.json(router + "/routing/v1/providers/" + cid, MAX_ANSWER);
        if (body != null) {
          parse(JSON.readTree(body), out);
        }
      } catch (IOException | RuntimeException e) {
        // one router down is not a failed fetch: the others and the configured peers remain
      }
    }
    return out;
  }

  private void parse(JsonNode answer, List<Provider> out) {
    for (JsonNode p : answer.path("Providers")) {
      boolean gateway = false;
      for (JsonNode proto : p.path("Protocols")) {
        gateway |= GATEWAY_PROTOCOL.equals(proto.asText());
      }
      if (!gateway) {
        continue;
      }
      String id = p.path("ID").asText("");
      for (JsonNode a : p.path("Addrs")) {
        HttpAddress.toUrl(a.asText("")).ifPresent(
            url -> ProviderConfig.addOnce(out, new Provider(id.isEmpty() ? url : id, url, settings)));
      }
    }
  }
}
