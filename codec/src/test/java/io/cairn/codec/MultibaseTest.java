package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MultibaseTest {
  private static final byte[] YES = "yes mani !".getBytes(StandardCharsets.UTF_8);

  // Known answers from the multibase spec's test vectors.
  @Test
  void encodesSpecVectors() {
    assertEquals("f796573206d616e692021", Multibase.BASE16.encode(YES));
    assertEquals("bpfsxgidnmfxgsibb", Multibase.BASE32.encode(YES));
    assertEquals("k2lcpzo5yikidynfl", Multibase.BASE36.encode(YES));
    assertEquals("z7paNL19xttacUY", Multibase.BASE58BTC.encode(YES));
  }

  @Test
  void leadingZeros() throws Exception {
    byte[] z = new byte[] {0, 0, 'y', 'e', 's'};
    assertEquals("z11", Multibase.BASE58BTC.encode(z).substring(0, 3));
    for (Multibase b : Multibase.values()) {
      assertArrayEquals(z, Multibase.decode(b.encode(z)), b.name());
    }
    assertEquals("k000", Multibase.BASE36.encode(new byte[3]));
  }

  @Test
  void rejectsBadInput() {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Multibase.decode("bpfsx!"));
    assertEquals(5, e.offset());
    assertThrows(MalformedDataException.class, () -> Multibase.decode("f123")); // odd hex
    assertThrows(MalformedDataException.class, () -> Multibase.decode("b1"));
    assertThrows(MalformedDataException.class, () -> Multibase.decode("ba"));
    assertThrows(MalformedDataException.class, () -> Multibase.decode("xabc"));
    assertThrows(MalformedDataException.class, () -> Multibase.decode(""));
    assertThrows(MalformedDataException.class, () -> Multibase.decode("z0OIl"));
    assertThrows(MalformedDataException.class, () -> Multibase.decode("bé"));
  }

  @Property
  void roundTrips(@ForAll @Size(max = 80) byte[] data) throws Exception {
    for (Multibase b : Multibase.values()) {
      assertArrayEquals(data, Multibase.decode(b.encode(data)), b.name());
    }
  }
}
