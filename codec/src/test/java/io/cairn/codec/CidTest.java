package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CidTest {
  @Test
  void emptyRawBlock() {
    Cid c = Cid.v1(Multicodec.RAW, Multihash.sha256(new byte[0]));
    assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", c.toString());
  }

  @Test
  void helloWorldRawBlock() {
    Cid c = Cid.v1(Multicodec.RAW, Multihash.sha256("hello world".getBytes(StandardCharsets.UTF_8)));
    assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", c.toString());
  }

  @Test
  void identityOfEmptyBytes() throws Exception {
    Cid c = Cid.v1(Multicodec.RAW, Multihash.identity(new byte[0]));
    assertEquals("bafkqaaa", c.toString());
    assertEquals(c, Cid.parse("bafkqaaa"));
    assertTrue(c.isIdentity());
  }

  @Test
  void v0RoundTrip() throws Exception {
    Cid c = Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    assertEquals(0, c.version());
    assertEquals(Multicodec.DAG_PB, c.codec());
    assertEquals(34, c.bytes().length);
    assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", c.toString());
    assertEquals(c, Cid.decode(c.bytes()));
    assertEquals("bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y", c.toV1().toString());
  }

  @Test
  void parsesOtherBases() throws Exception {
    Cid c = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    for (Multibase b : new Multibase[] {Multibase.BASE58BTC, Multibase.BASE36, Multibase.BASE16, Multibase.BASE32_UPPER}) {
      String s = c.toString(b);
      assertEquals(b.prefix(), s.charAt(0));
      assertEquals(c, Cid.parse(s));
    }
    assertEquals("zb2rhj7crUKTQYRGCRATFaQ6YFLTde2YzdqbbhAASkL9uRDXn", c.toString(Multibase.BASE58BTC));
    assertEquals("f01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        c.toString(Multibase.BASE16));
  }

  @Test
  void rejectsMultibaseEncodedV0() {
    Cid v0 = Cid.v0(Multihash.sha256(new byte[] {1}));
    String b32 = Multibase.BASE32.encode(v0.bytes());
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Cid.parse(b32));
    assertTrue(e.getMessage().contains("CIDv0"), e.getMessage());
  }

  @Test
  void rejectsReservedVersions() {
    byte[] v2 = HexFormat.of().parseHex("0255" + "1220" + "00".repeat(32));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Cid.decode(v2));
    assertTrue(e.getMessage().contains("reserved"), e.getMessage());
  }

  @Test
  void keepsUnknownCodecs() throws Exception {
    Cid c = Cid.v1(Multicodec.of(0x7777), Multihash.sha256(new byte[0]));
    Cid back = Cid.parse(c.toString());
    assertEquals(0x7777, back.codec().code());
    assertFalse(back.codec().isKnown());
    assertArrayEquals(c.bytes(), back.bytes());
  }

  @Test
  void rejectsTruncatedAndTrailing() {
    byte[] b = Cid.v1(Multicodec.RAW, Multihash.sha256(new byte[0])).bytes();
    assertThrows(MalformedDataException.class, () -> Cid.decode(java.util.Arrays.copyOf(b, b.length - 1)));
    assertThrows(MalformedDataException.class, () -> Cid.decode(java.util.Arrays.copyOf(b, b.length + 1)));
    assertThrows(MalformedDataException.class, () -> Cid.parse(""));
    assertThrows(MalformedDataException.class, () -> Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyk!"));
    assertThrows(MalformedDataException.class, () -> Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1Aw0H"));
  }

  @Property
  void stringRoundTrip(@ForAll @Size(max = 100) byte[] data) throws Exception {
    Cid c = Cid.v1(Multicodec.DAG_CBOR, Multihash.sha256(data));
    assertEquals(c, Cid.parse(c.toString()));
    assertEquals(c, Cid.parse(c.toString(Multibase.BASE36)));
    assertEquals(c, Cid.parse(c.toString(Multibase.BASE58BTC)));
  }
}
