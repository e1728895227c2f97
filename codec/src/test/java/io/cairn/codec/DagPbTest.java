package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DagPbTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Cid CHILD = Cid.v0(Multihash.sha256(new byte[] {1, 2, 3}));

  @Test
  void emptyFileNodeMatchesKubo() throws Exception {
    byte[] bytes = HEX.parseHex("0a0408021800");
    PbNode n = DagPb.decode(bytes);
    assertTrue(n.links().isEmpty());
    assertArrayEquals(bytes, n.encode());
    assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", Cid.v0(Multihash.sha256(bytes)).toString());
  }

  @Test
  void writesEmptyNameAndTsizeAndLinksBeforeData() throws Exception {
    PbNode n = PbNode.of(List.of(PbLink.of(CHILD, "", 7)), new byte[] {8, 2});
    byte[] b = n.encode();
    // 12 <len> [0a 22 <cid>] [12 00] [18 07]  then  0a 02 08 02
    String hex = HEX.formatHex(b);
    assertTrue(hex.startsWith("12280a22" + HEX.formatHex(CHILD.bytes()) + "12001807"), hex);
    assertTrue(hex.endsWith("0a020802"), hex);
    assertEquals(n, DagPb.decode(b));
    assertEquals(b.length, DagPb.encodedSize(n));
  }

  @Test
  void sortsLinksByNameBytesStably() {
    PbNode n = PbNode.of(List.of(PbLink.of(CHILD, "b", 1), PbLink.of(CHILD, "a", 2), PbLink.of(CHILD, "é", 3),
        PbLink.of(CHILD, "B", 4), PbLink.of(CHILD, "a", 5)), null);
    assertEquals(List.of("B", "a", "a", "b", "é"), n.links().stream().map(PbLink::name).toList());
    assertEquals(2, n.links().get(1).tsize().getAsLong());
    assertEquals(5, n.links().get(2).tsize().getAsLong());
  }

  @Test
  void keepsDecodedOrderAndAbsentFields() throws Exception {
    // two links, unsorted, the second without Name and Tsize; no Data
    byte[] l1 = concat(HEX.parseHex("0a22"), CHILD.bytes(), HEX.parseHex("120162"));
    byte[] l2 = concat(HEX.parseHex("0a22"), CHILD.bytes());
    byte[] b = concat(new byte[] {0x12, (byte) l1.length}, l1, new byte[] {0x12, (byte) l2.length}, l2);
    PbNode n = DagPb.decode(b);
    assertEquals("b", n.links().get(0).name());
    assertFalse(n.links().get(1).hasName());
    assertTrue(n.links().get(1).tsize().isEmpty());
    assertFalse(n.hasData());
  }

  @Test
  void acceptsDataBeforeLinks() throws Exception {
    byte[] link = concat(HEX.parseHex("0a22"), CHILD.bytes(), HEX.parseHex("12001801"));
    byte[] b = concat(HEX.parseHex("0a020801"), new byte[] {0x12, (byte) link.length}, link);
    PbNode n = DagPb.decode(b);
    assertEquals(1, n.links().size());
    assertTrue(n.hasData());
  }

  @Test
  void rejectsMalformedNodes() {
    byte[] cid = CHILD.bytes();
    assertRejects(concat(HEX.parseHex("0a020801"), HEX.parseHex("0a020801")), "duplicate Data");
    assertRejects(HEX.parseHex("1a00"), "unknown field");
    assertRejects(HEX.parseHex("0800"), "wire type");
    assertRejects(HEX.parseHex("1200"), "missing Hash");
    byte[] outOfOrder = concat(HEX.parseHex("120162"), HEX.parseHex("0a22"), cid);
    assertRejects(concat(new byte[] {0x12, (byte) outOfOrder.length}, outOfOrder), "out of order");
    byte[] dupName = concat(HEX.parseHex("0a22"), cid, HEX.parseHex("120162120163"));
    assertRejects(concat(new byte[] {0x12, (byte) dupName.length}, dupName), "duplicate field");
    byte[] notCid = HEX.parseHex("0a03010203");
    assertRejects(concat(new byte[] {0x12, (byte) notCid.length}, notCid), "not a CID");
    assertRejects(HEX.parseHex("0a05080108"), "needs 5 bytes");
    assertRejects(HEX.parseHex("0a"), "truncated");
  }

  @Property
  void roundTrips(@ForAll @Size(max = 5) List<@Size(max = 12) String> names, @ForAll @Size(max = 64) byte[] data)
      throws Exception {
    List<PbLink> links = names.stream().map(n -> PbLink.of(CHILD, n, n.length())).toList();
    PbNode n = PbNode.of(links, data);
    assertEquals(n, DagPb.decode(n.encode()));
  }

  private static void assertRejects(byte[] input, String messagePart) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> DagPb.decode(input));
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
