package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityRangeTest {
  static long[] span(String text, long size) throws Exception {
    return EntityRange.parse(text).resolve(size);
  }

  @Test
  void resolvesAgainstTheFileSize() throws Exception {
    assertArrayEquals(new long[] {0, 999}, span("0:*", 1000));
    assertArrayEquals(new long[] {10, 19}, span("10:19", 1000));
    assertArrayEquals(new long[] {900, 999}, span("-100:*", 1000));
    assertArrayEquals(new long[] {0, 999}, span("-5000:*", 1000), "clipped at the start");
    assertArrayEquals(new long[] {990, 999}, span("990:5000", 1000), "clipped at the end");
    assertArrayEquals(new long[] {499, 899}, span("499:-101", 1000));
    assertArrayEquals(new long[] {5, 5}, span("5:5", 1000));
  }

  @Test
  void emptyAndOutside() throws Exception {
    assertNull(span("100:-950", 1000), "to lands before from");
    assertNull(span("0:*", 0));
    assertNull(span("1000:*", 1000));
    assertTrue(EntityRange.parse("1000:*").startsPastEnd(1000));
    assertFalse(EntityRange.parse("999:*").startsPastEnd(1000));
    assertFalse(EntityRange.parse("5:*").startsPastEnd(0), "an empty file is never 'past the end'");
    assertFalse(EntityRange.parse("-5:*").startsPastEnd(3));
  }

  @Test
  void printsAsParsed() throws Exception {
    assertEquals("-1024:*", EntityRange.parse("-1024:*").toString());
    assertEquals("0:10", EntityRange.parse("0:10").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", "5", "a:b", "1:2:3", "10:5", "-5:-10", "*:5", "1.5:2", "0:9999999999999999999",
      " 1:2"})
  void malformedIs400(String text) {
    assertEquals(400, assertThrows(GatewayException.class, () -> EntityRange.parse(text)).status());
  }
}
