package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MultiaddrTest {
  @Test
  void parsesKubosForms() {
    Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/5001");
    assertEquals("127.0.0.1", a.host());
    assertEquals(5001, a.port());
    assertEquals("/ip4/127.0.0.1/tcp/5001", a.toString());
    assertEquals("http://127.0.0.1:5001", a.httpUrl());
    assertEquals("http://[::1]:8080", Multiaddr.parse("/ip6/::1/tcp/8080").httpUrl());
    assertEquals("localhost", Multiaddr.parse("/dns4/localhost/tcp/0").host());
  }

  @Test
  void toStringRoundTrips() {
    for (String s : new String[] {"/ip4/0.0.0.0/tcp/0", "/ip6/::1/tcp/65535", "/dns6/example.org/tcp/80"}) {
      assertEquals(s, Multiaddr.parse(s).toString());
    }
  }

  @Test
  void loopbackIsRecognised() {
    assertTrue(Multiaddr.parse("/ip4/127.0.0.1/tcp/1").isLoopback());
    assertTrue(Multiaddr.parse("/ip6/::1/tcp/1").isLoopback());
    assertTrue(Multiaddr.parse("/dns4/localhost/tcp/1").isLoopback());
    assertFalse(Multiaddr.parse("/ip4/0.0.0.0/tcp/1").isLoopback());
  }

  @Test
  void rejectsWhatCannotBeListenedOn() {
    for (String s : new String[] {"", "/ip4/127.0.0.1", "/ip4/127.0.0.1/udp/5001", "/ip4/localhost/tcp/1",
        "/ip4/127.0.0.1/tcp/65536", "/ip4/127.0.0.1/tcp/-1", "/ip4/127.0.0.1/tcp/x", "127.0.0.1:5001",
        "/unix/tmp/sock/tcp/1", "/ip4/127.0.0.1/tcp/5001/http"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse(s), s);
      assertTrue(e.getMessage().contains("/ip4/127.0.0.1/tcp/5001"), "the error shows a correct example: " + e.getMessage());
    }
  }
}
