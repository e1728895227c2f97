package io.cairn.cluster.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.cluster.PinMode;
import io.cairn.cluster.PinOptions;
import io.cairn.codec.MalformedDataException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinQueryTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsIpfsClusterOptionNames() throws Exception {
    PinOptions o = PinQuery.parse(Map.of("replication-min", "2", "replication-max", "3", "name", "n",
        "mode", "direct", "user-allocations", "a, b,,a", "expire-at", "2026-02-01T00:00:00Z",
        "meta-owner", "ann", "origins", "ignored"), -1, -1, CLOCK);
    assertEquals(2, o.replicationMin());
    assertEquals(3, o.replicationMax());
    assertEquals(PinMode.DIRECT, o.mode());
    assertEquals(List.of("a", "b"), o.userAllocations());
    assertEquals(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli(), o.expireAt());
    assertEquals(Map.of("owner", "ann"), o.metadata());
  }

  @Test
  void defaultsReplicationBothAndExpireIn() throws Exception {
    assertEquals(PinOptions.recursive(-1, -1), PinQuery.parse(Map.of(), -1, -1, CLOCK));
    PinOptions both = PinQuery.parse(Map.of("replication", "2", "expire-in", "1h30m"), -1, -1, CLOCK);
    assertEquals(2, both.replicationMin());
    assertEquals(2, both.replicationMax());
    assertEquals(CLOCK.millis() + 90 * 60_000, both.expireAt());
    assertEquals(1500, PinQuery.goDurationMillis("1.5s"));
  }

  @Test
  void badValuesNameTheParameter() {
    assertEquals("replication-min", assertThrows(MalformedDataException.class,
        () -> PinQuery.parse(Map.of("replication-min", "two"), -1, -1, CLOCK)).what());
    assertEquals("replication", assertThrows(MalformedDataException.class,
        () -> PinQuery.parse(Map.of("replication-min", "-1", "replication-max", "2"), -1, -1, CLOCK)).what());
    assertEquals("expire-in", assertThrows(MalformedDataException.class,
        () -> PinQuery.parse(Map.of("expire-in", "3 days"), -1, -1, CLOCK)).what());
    assertEquals("expire-at", assertThrows(MalformedDataException.class,
        () -> PinQuery.parse(Map.of("expire-at", "tomorrow"), -1, -1, CLOCK)).what());
    assertEquals("pin mode", assertThrows(MalformedDataException.class,
        () -> PinQuery.parse(Map.of("mode", "sideways"), -1, -1, CLOCK)).what());
  }
}
