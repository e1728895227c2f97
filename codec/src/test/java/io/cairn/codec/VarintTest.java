package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class VarintTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void encodesSpecExamples() {
    assertArrayEquals(hex("00"), Varint.encode(0));
    assertArrayEquals(hex("01"), Varint.encode(1));
    assertArrayEquals(hex("7f"), Varint.encode(127));
    assertArrayEquals(hex("8001"), Varint.encode(128));
    assertArrayEquals(hex("ff01"), Varint.encode(255));
    assertArrayEquals(hex("ac02"), Varint.encode(300));
    assertArrayEquals(hex("808001"), Varint.encode(16384));
    assertArrayEquals(hex("ffffffffffffffff7f"), Varint.encode(Long.MAX_VALUE));
  }

  @Test
  void rejectsNonMinimal() {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Varint.decode(hex("8100")));
    assertEquals(0, e.offset());
    assertThrows(MalformedDataException.class, () -> Varint.decode(hex("8080808000")));
  }

  @Test
  void rejectsOverlongAndTruncated() {
    assertThrows(MalformedDataException.class, () -> Varint.decode(hex("ffffffffffffffffff01")));
    assertThrows(MalformedDataException.class, () -> Varint.decode(hex("80")));
    assertThrows(MalformedDataException.class, () -> Varint.decode(hex("")));
    assertThrows(MalformedDataException.class, () -> Varint.decode(hex("0100")));
  }

  @Test
  void rejectsNegativeValues() {
    assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
  }

  @Property
  void roundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) throws Exception {
    byte[] b = Varint.encode(v);
    assertEquals(Varint.size(v), b.length);
    assertEquals(v, Varint.decode(b));
  }
}
