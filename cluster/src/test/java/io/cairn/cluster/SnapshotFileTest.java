package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotFileTest {
  private static byte[] snapshot() throws IOException {
    PinState s = new PinState();
    List<ClusterEntry> log = PinStateTest.randomLog(new Random(3), 60);
    for (int i = 0; i < log.size(); i++) {
      s.apply(i + 1, log.get(i));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.writeTo(new SnapshotFile.Writer(out));
    return out.toByteArray();
  }

  @Test
  void everyTruncationIsRejected() throws IOException {
    byte[] whole = snapshot();
    SnapshotFile.read(new ByteArrayInputStream(whole));
    for (int cut = 0; cut < whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      assertThrows(MalformedDataException.class, () -> SnapshotFile.read(new ByteArrayInputStream(part)),
          "cut at " + cut);
    }
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    byte[] whole = snapshot();
    byte[] longer = Arrays.copyOf(whole, whole.length + 1);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> SnapshotFile.read(new ByteArrayInputStream(longer)));
    assertTrue(e.getMessage().contains("after the end record"), e.getMessage());
  }

  private static byte[] records(Map<?, ?>... maps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map<?, ?> m : maps) {
      byte[] b = DagCbor.encode(m);
      out.writeBytes(Varint.encode(b.length));
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  @Test
  void wrongMagicCountsKindsAndLengthsAreRejected() {
    Map<String, Object> header = Map.of("k", "header", "magic", SnapshotFile.MAGIC, "time", 1L);
    Map<String, Object> end = Map.of("k", "end", "peers", 0L, "pins", 0L, "histories", 0L);
    assertEquals(0, assertDoesNotThrow(records(header, end)));
    expect("is not cairn-cluster-v1", records(Map.of("k", "header", "magic", "other", "time", 1L), end));
    expect("counts 0/1/0 but read 0/0/0",
        records(header, Map.of("k", "end", "peers", 0L, "pins", 1L, "histories", 0L)));
    expect("unknown record 'mystery'", records(header, Map.of("k", "mystery"), end));
    expect("does not start with a header", records(end));
    expect("ends without an end record", records(header));
    byte[] huge = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    expect("exceeds", huge);
  }

  private static int assertDoesNotThrow(byte[] bytes) {
    try {
      return SnapshotFile.read(new ByteArrayInputStream(bytes)).pins().size();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void expect(String message, byte[] bytes) {
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> SnapshotFile.read(new ByteArrayInputStream(bytes)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
