package io.cairn.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.MalformedDataException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UnixfsDataTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesFieldsInAscendingOrderWithUnpackedBlocksizes() {
    UnixfsData d = UnixfsData.builder(UnixfsType.FILE).filesize(300).blocksizes(new long[] {200, 100})
        .mode(0644).mtime(new UnixTime(1603539720, 54321)).build();
    assertEquals("0802" + "18ac02" + "20c801" + "2064" + "38a403" + "420b0888a6d0fc05" + "1531d40000",
        HEX.formatHex(d.encode()));
  }

  @Test
  void negativeSecondsRoundTrip() throws Exception {
    UnixfsData d = UnixfsData.builder(UnixfsType.FILE).filesize(0).mtime(new UnixTime(-5, 0)).build();
    byte[] b = d.encode();
    assertEquals(d, UnixfsData.decode(b));
  }

  @Test
  void keepsAll32ModeBits() throws Exception {
    byte[] b = HEX.parseHex("08021800" + "38ed838080" + "0f");
    UnixfsData d = UnixfsData.decode(b);
    assertEquals(0755, d.mode().getAsInt() & 07777);
    assertArrayEquals(b, d.encode());
  }

  @Test
  void acceptsPackedBlocksizes() throws Exception {
    UnixfsData d = UnixfsData.decode(HEX.parseHex("0802" + "1803" + "22020102"));
    assertArrayEquals(new long[] {1, 2}, d.blocksizes());
  }

  @Test
  void rejectsMalformedData() {
    assertRejects("1800", "missing Type");
    assertRejects("0809", "unknown type");
    assertRejects("08021800" + "0802", "out of order");
    assertRejects("08021800" + "1801", "repeated");
    assertRejects("0802" + "4800", "unknown field");
    assertRejects("0802" + "1a00", "wire type");
    assertRejects("0802", "missing filesize");
    assertRejects("08021800" + "4205" + "1501000000", "missing Seconds");
    assertRejects("08021800" + "4207" + "0801" + "1500ca9a3b", "out of range");
    assertRejects("0802120a00", "needs 10 bytes");
  }

  private static void assertRejects(String hex, String part) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> UnixfsData.decode(HEX.parseHex(hex)));
    assertTrue(e.getMessage().contains(part), hex + ": " + e.getMessage());
  }
}
