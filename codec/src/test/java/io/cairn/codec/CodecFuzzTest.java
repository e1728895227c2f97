package io.cairn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets for the codec decoders. Each decoder must either succeed or throw
 * {@link MalformedDataException}; anything else (IndexOutOfBounds, OutOfMemory, …) fails.
 * Where the format has one canonical encoding, a successful decode must re-encode to the
 * input. Without JAZZER_FUZZ these run the kept inputs under src/test/resources as
 * regression tests; {@code bin/fuzz} runs them for real.
 */
class CodecFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void varint(byte[] input) {
    try {
      long v = Varint.decode(input);
      assertArrayEquals(input, Varint.encode(v));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void cidBinary(byte[] input) {
    try {
      Cid c = Cid.decode(input);
      assertArrayEquals(input, c.bytes());
      assertEquals(c, Cid.parse(c.toString()));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void cidString(String input) {
    if (input == null) {
      return; // null is a programmer error, not malformed data
    }
    try {
      Cid c = Cid.parse(input);
      assertEquals(c, Cid.decode(c.bytes()));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void multibase(String input) {
    if (input == null) {
      return;
    }
    try {
      byte[] b = Multibase.decode(input);
      Multibase base = Multibase.forPrefix(input.charAt(0));
      assertArrayEquals(b, Multibase.decode(base.encode(b)));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void dagPb(byte[] input) {
    try {
      PbNode n = DagPb.decode(input);
      PbNode again = DagPb.decode(DagPb.encode(n));
      assertEquals(n.links().size(), again.links().size());
      assertEquals(n.hasData(), again.hasData());
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void dagCbor(byte[] input) {
    try {
      Object v = DagCbor.decode(input);
      assertArrayEquals(input, DagCbor.encode(v), "strict decode must only accept the canonical form");
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void ipnsRecord(byte[] input) {
    try {
      io.cairn.codec.ipns.IpnsRecord r = io.cairn.codec.ipns.IpnsRecord.decode(input);
      assertArrayEquals(input, r.encode());
      assertEquals(r.value(), io.cairn.codec.ipns.IpnsRecord.decode(r.encode()).value());
    } catch (io.cairn.codec.ipns.IpnsRecordException expected) {
      // rejected cleanly
    }
  }
}
