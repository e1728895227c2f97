package io.cairn.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A TCP listen or dial address in multiaddr text form, as Kubo's config spells them:
 * {@code /ip4/127.0.0.1/tcp/5001}, {@code /ip6/::1/tcp/8080}, {@code /dns4/localhost/tcp/5001}.
 * Only these forms are accepted; anything else is an error that shows a correct example.
 */
public record Multiaddr(String protocol, String host, int port) {
  public Multiaddr {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
  }

  public static Multiaddr parse(String text) {
    String[] p = text.trim().split("/", -1);
    if (p.length != 5 || !p[0].isEmpty() || !p[3].equals("tcp") || p[2].isEmpty()) {
      throw bad(text);
    }
    switch (p[1]) {
      case "ip4", "ip6", "dns", "dns4", "dns6" -> { }
      default -> throw bad(text);
    }
    int port;
    try {
      port = Integer.parseInt(p[4]);
    } catch (NumberFormatException e) {
      throw bad(text);
    }
    if (port < 0 || port > 65535) {
      throw bad(text);
    }
    if (p[1].equals("ip4") && !p[2].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw bad(text);
    }
    if (p[1].equals("ip6") && !p[2].contains(":")) {
      throw bad(text);
    }
    return new Multiaddr(p[1], p[2], port);
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("'" + text + "' is not a TCP multiaddr Cairn can listen on;"
        + " write it like /ip4/127.0.0.1/tcp/5001 (ip4, ip6, dns4 or dns6; port 0 picks a free one)");
  }

  /** The same address with another port (the one actually bound, when 0 was asked for). */
  public Multiaddr withPort(int newPort) {
    return new Multiaddr(protocol, host, newPort);
  }

  /** Whether this listens on the loopback interface only. */
  public boolean isLoopback() {
    if (protocol.startsWith("dns")) {
      return host.equals("localhost");
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** {@code http://host:port} for clients (IPv6 hosts bracketed). */
  public String httpUrl() {
    return "http://" + (protocol.equals("ip6") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return "/" + protocol + "/" + host + "/tcp/" + port;
  }
}
