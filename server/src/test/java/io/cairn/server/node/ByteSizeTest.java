package io.cairn.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Sizes read as go-humanize reads them for Kubo's Datastore.StorageMax. */
class ByteSizeTest {
  @Test
  void siAndIecUnits() {
    assertEquals(10_000_000_000L, ByteSize.parse("10GB"));
    assertEquals(10_000_000_000L, ByteSize.parse("10 gb"));
    assertEquals(512L << 20, ByteSize.parse("512MiB"));
    assertEquals(1_500, ByteSize.parse("1.5kB"));
    assertEquals(42, ByteSize.parse("42"));
    assertEquals(0, ByteSize.parse(""));
  }

  @Test
  void anythingElseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("ten"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("10XB"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("100000EB"));
  }
}
