package io.cairn.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProviderHealthTest {
  @Test
  void failuresDoubleTheBackoffUpToTheCap() {
    ProviderHealth h = new ProviderHealth(100, 350);
    long now = 1_000;
    assertTrue(h.available(now));
    h.failed(now);
    assertEquals(now + 100, h.availableAt());
    assertFalse(h.available(now + 99));
    assertTrue(h.available(now + 100));
    h.failed(now);
    assertEquals(now + 200, h.availableAt());
    h.failed(now);
    assertEquals(now + 350, h.availableAt());
    assertEquals(3, h.streak());
  }

  @Test
  void successRestores() {
    ProviderHealth h = new ProviderHealth(100, 1000);
    h.failed(0);
    h.failed(0);
    h.succeeded();
    assertTrue(h.available(1));
    assertEquals(0, h.streak());
    assertEquals(2, h.demotions());
  }
}
