package io.cairn.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpAddressTest {
  @Test
  void httpAndHttpsAddresses() {
    assertEquals(Optional.of("http://127.0.0.1:8080"), HttpAddress.toUrl("/ip4/127.0.0.1/tcp/8080/http"));
    assertEquals(Optional.of("https://gw.example:443"), HttpAddress.toUrl("/dns4/gw.example/tcp/443/https"));
    assertEquals(Optional.of("https://gw.example:443"), HttpAddress.toUrl("/dns/gw.example/tcp/443/tls/http"));
    assertEquals(Optional.of("http://[::1]:8080"), HttpAddress.toUrl("/ip6/::1/tcp/8080/http"));
  }

  @Test
  void otherTransportsGiveNothing() {
    assertEquals(Optional.empty(), HttpAddress.toUrl("/ip4/127.0.0.1/tcp/4001"));
    assertEquals(Optional.empty(), HttpAddress.toUrl("/ip4/127.0.0.1/udp/4001/quic-v1"));
    assertEquals(Optional.empty(), HttpAddress.toUrl("/ip4/127.0.0.1/tcp/notaport/http"));
    assertEquals(Optional.empty(), HttpAddress.toUrl("/ip4/127.0.0.1/tcp/8080/ws"));
    assertEquals(Optional.empty(), HttpAddress.toUrl("garbage"));
  }
}
