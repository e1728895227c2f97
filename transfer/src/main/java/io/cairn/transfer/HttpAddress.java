package io.cairn.transfer;

import java.util.Optional;

/**
 * Turns a provider multiaddr into the base URL of its trustless gateway, as Kubo and the
 * routing v1 API write HTTP providers: {@code /ip4/127.0.0.1/tcp/8080/http} →
 * {@code http://127.0.0.1:8080}; {@code /tls/http} or {@code /https} → https; ip4, ip6, dns,
 * dns4, dns6 hosts. Addresses of other transports (libp2p's tcp, quic…) give nothing.
 */
final class HttpAddress {
  private HttpAddress() {}

  static Optional<String> toUrl(String multiaddr) {
    String[] p = multiaddr.trim().split("/", -1);
    if (p.length < 6 || !p[0].isEmpty() || !p[3].equals("tcp")) {
      return Optional.empty();
    }
    String host = p[2];
    switch (p[1]) {
      case "ip4", "dns", "dns4", "dns6" -> { }
      case "ip6" -> host = "[" + host + "]";
      default -> {
        return Optional.empty();
      }
    }
    int port;
    try {
      port = Integer.parseInt(p[4]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (port <= 0 || port > 65535 || host.isEmpty()) {
      return Optional.empty();
    }
    String rest = String.join("/", java.util.Arrays.copyOfRange(p, 5, p.length));
    String scheme = switch (rest) {
      case "http" -> "http";
      case "https", "tls/http" -> "https";
      default -> null;
    };
    return scheme == null ? Optional.empty() : Optional.of(scheme + "://" + host + ":" + port);
  }
}
