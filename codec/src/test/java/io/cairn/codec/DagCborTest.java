package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DagCborTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void carHeaderWithNoRoots() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", 1L);
    m.put("roots", List.of());
    byte[] b = DagCbor.encode(m);
    assertEquals("a265726f6f7473806776657273696f6e01", HEX.formatHex(b));
    assertEquals(m, DagCbor.decode(b));
  }

  @Test
  void linksAreTag42WithZeroPrefix() throws Exception {
    Cid c = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    byte[] b = DagCbor.encode(c);
    assertEquals("d82a5825000155122" + "0", HEX.formatHex(b).substring(0, 18));
    assertEquals(c, DagCbor.decode(b));
  }

  @Test
  void encodesCanonically() {
    assertEquals("17", HEX.formatHex(DagCbor.encode(23L)));
    assertEquals("1818", HEX.formatHex(DagCbor.encode(24L)));
    assertEquals("1903e8", HEX.formatHex(DagCbor.encode(1000L)));
    assertEquals("3903e7", HEX.formatHex(DagCbor.encode(-1000L)));
    assertEquals("fb3ff8000000000000", HEX.formatHex(DagCbor.encode(1.5)));
    assertEquals("1bffffffffffffffff", HEX.formatHex(DagCbor.encode(new BigInteger("18446744073709551615"))));
    assertEquals("3bffffffffffffffff", HEX.formatHex(DagCbor.encode(new BigInteger("-18446744073709551616"))));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bb", 1L);
    m.put("a", 2L);
    m.put("c", 3L);
    assertEquals("a3616102616303626262" + "01", HEX.formatHex(DagCbor.encode(m)));
  }

  @Test
  void rejectsNonCanonicalInput() {
    assertRejects("1817", "shortest");
    assertRejects("190017", "shortest");
    assertRejects("9f01ff", "indefinite");
    assertRejects("a2616202616101", "canonical order");
    assertRejects("a2616101616102", "duplicate");
    assertRejects("f93c00", "64 bits");
    assertRejects("fb7ff8000000000000", "NaN");
    assertRejects("f7", "undefined");
    assertRejects("c001", "tag 42");
    assertRejects("d82a4401020304", "0x00");
    assertRejects("6261ff", "UTF-8");
    assertRejects("a10102", "text strings");
    assertRejects("0102", "trailing");
    assertRejects("9bffffffffffffffff", "exceeds");
    assertRejects("5a7fffffff00", "exceeds");
  }

  @Test
  void rejectsDeepNesting() {
    byte[] deep = new byte[DagCbor.MAX_DEPTH + 2];
    java.util.Arrays.fill(deep, (byte) 0x81);
    deep[deep.length - 1] = 0;
    assertThrows(MalformedDataException.class, () -> DagCbor.decode(deep));
  }

  @Property
  void integersRoundTrip(@ForAll long n) throws Exception {
    byte[] b = DagCbor.encode(n);
    assertEquals(n, DagCbor.decode(b));
    assertArrayEquals(b, DagCbor.encode(DagCbor.decode(b)));
  }

  @Property
  void stringsAndBytesRoundTrip(@ForAll String s, @ForAll byte[] bytes) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(s, List.of(bytes, s, true));
    Object back = DagCbor.decode(DagCbor.encode(m));
    Map<?, ?> bm = (Map<?, ?>) back;
    List<?> l = (List<?>) bm.get(s);
    assertArrayEquals(bytes, (byte[]) l.get(0));
    assertEquals(s, l.get(1));
  }

  private static void assertRejects(String hex, String messagePart) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> DagCbor.decode(HEX.parseHex(hex)));
    assertTrue(e.getMessage().contains(messagePart), hex + ": " + e.getMessage());
  }
}
