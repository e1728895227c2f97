package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlockTest {
  @Test
  void verifiesSupportedHashFunctions() throws Exception {
    byte[] data = "cairn".getBytes(StandardCharsets.UTF_8);
    for (long code : new long[] {0x12, 0x13, 0x16, 0x1e, 0xb220, 0xb260}) {
      Multihash mh = Multihash.compute(Multicodec.of(code), data);
      Cid cid = Cid.v1(Multicodec.RAW, mh);
      assertEquals(cid, Block.verified(cid, data).cid());
      assertThrows(BlockMismatchException.class, () -> Block.verified(cid, "cairN".getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void blake2bOfEmptyInputKnownAnswer() {
    // BLAKE2b-256("") from the BLAKE2 reference
    assertEquals("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
        HexFormat.of().formatHex(Multihash.compute(Multicodec.of(0xb220), new byte[0]).digest()));
  }

  @Test
  void truncatedDigestsAreNotTrusted() throws Exception {
    Cid oneByte = Cid.decode(HexFormat.of().parseHex("0155130100"));
    assertFalse(oneByte.multihash().isVerifiable());
    assertFalse(oneByte.multihash().matches(new byte[] {1, 2, 3}));
    BlockMismatchException e = assertThrows(BlockMismatchException.class, () -> Block.verified(oneByte, new byte[] {1}));
    assertTrue(e.getMessage().contains("1-byte digest"), e.getMessage());
    Cid empty = Cid.decode(HexFormat.of().parseHex("01551e00"));
    assertThrows(BlockMismatchException.class, () -> Block.verified(empty, new byte[0]));
  }

  @Test
  void owningFactoryChecksAsVerifiedDoesAndTheBufferViewIsReadOnly() throws Exception {
    byte[] data = "cairn".getBytes(StandardCharsets.UTF_8);
    Cid cid = Block.create(1, Multicodec.RAW, data).cid();
    assertThrows(BlockMismatchException.class,
        () -> Block.verifiedOwning(cid, "cairN".getBytes(StandardCharsets.UTF_8)));
    Block b = Block.verifiedOwning(cid, data.clone());
    java.nio.ByteBuffer view = b.asByteBuffer();
    assertTrue(view.isReadOnly());
    assertEquals(data.length, view.remaining());
    assertThrows(java.nio.ReadOnlyBufferException.class, () -> view.put(0, (byte) 'C'));
    assertEquals(Block.verified(cid, data), b);
  }
}
