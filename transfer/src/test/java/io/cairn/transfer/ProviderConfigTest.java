package io.cairn.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.store.Config;
import io.cairn.store.Identity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {
  final TransferSettings settings = TransferSettings.defaults();

  @Test
  void peersGatewaysAndRouters() {
    Config c = Config.defaults(Identity.generate());
    c.set(ProviderConfig.PEERS_KEY, Config.parseJson("""
        [{"ID": "12D3KooWA", "Addrs": ["/ip4/10.0.0.1/tcp/4001", "/ip4/10.0.0.1/tcp/8080/http"]},
         {"ID": "12D3KooWB", "Addrs": ["/dns4/b.example/tcp/443/tls/http"]}]"""));
    c.set(ProviderConfig.GATEWAYS_KEY, Config.parseJson("[\"https://trustless.example/\", \"http://10.0.0.1:8080\"]"));
    c.set(ProviderConfig.ROUTERS_KEY, Config.parseJson("[\"https://router.example/\"]"));
    List<Provider> ps = ProviderConfig.providers(c, settings);
    assertEquals(List.of("http://10.0.0.1:8080", "https://b.example:443", "https://trustless.example"),
        ps.stream().map(Provider::baseUrl).toList());
    assertEquals("12D3KooWA", ps.get(0).id());
    assertEquals(List.of("https://router.example"), ProviderConfig.routers(c));
  }

  @Test
  void defaultsHaveNone() {
    Config c = Config.defaults(Identity.generate());
    assertEquals(List.of(), ProviderConfig.providers(c, settings));
    assertEquals(List.of(), ProviderConfig.routers(c));
  }

  @Test
  void aNonArrayIsAClearError() {
    Config c = Config.defaults(Identity.generate());
    c.set(ProviderConfig.PEERS_KEY, Config.parseJson("{\"ID\": \"x\"}"));
    var e = assertThrows(IllegalArgumentException.class, () -> ProviderConfig.providers(c, settings));
    assertEquals("Peering.Peers must be a JSON array, not OBJECT", e.getMessage());
  }
}
