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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;

  private byte[] snapshot() throws IOException {
    try (TestStates states = new TestStates(dir)) {
      PinState s = states.fresh();
      List<ClusterEntry> log = PinStateTest.randomLog(new Random(3), 60);
      for (int i = 0; i < log.size(); i++) {
        s.apply(i + 1, log.get(i));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s.writeTo(new SnapshotFile.Writer(out));
      assertTrue(!s.memberHistory().isEmpty());
      return out.toByteArray();
    }
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
    Map<String, Object> end = Map.of("k", "end", "peers", 0L, "pins", 0L, "histories", 0L, "members", 0L);
    assertEquals(0, assertDoesNotThrow(records(header, end)));
    expect("is not cairn-cluster-v2", records(Map.of("k", "header", "magic", "other", "time", 1L), end));
    expect("counts 0/1/0/0 but read 0/0/0/0",
        records(header, Map.of("k", "end", "peers", 0L, "pins", 1L, "histories", 0L, "members", 0L)));
    // version 1 (before the history moved to RocksDB): no member records, no member count
    Map<String, Object> v1 = Map.of("k", "header", "magic", SnapshotFile.MAGIC_V1, "time", 1L);
    assertEquals(0, assertDoesNotThrow(records(v1, Map.of("k", "end", "peers", 0L, "pins", 0L, "histories", 0L))));
    expect("record.members: unknown field", records(v1, end));
    expect("unknown record 'mystery'", records(header, Map.of("k", "mystery"), end));
    expect("does not start with a header", records(end));
    expect("ends without an end record", records(header));
    byte[] huge = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    expect("exceeds", huge);
  }

  @Test
  void historyRecordsMustComeInOrder() {
    Map<String, Object> header = Map.of("k", "header", "magic", SnapshotFile.MAGIC, "time", 1L);
    Map<String, Object> end = Map.of("k", "end", "peers", 0L, "pins", 0L, "histories", 2L, "members", 0L);
    Map<String, Object> e1 = Map.of("i", 1L, "t", 1L, "k", "pinned", "alloc", List.of("a"));
    Map<String, Object> e2 = Map.of("i", 2L, "t", 1L, "k", "unpinned", "alloc", List.of());
    Map<String, Object> first = Map.of("k", "history", "cid", TestCids.cid(1), "events", List.of(e1, e2));
    Map<String, Object> second = Map.of("k", "history", "cid", TestCids.cid(2), "events", List.of(e1));
    boolean ascending = TestCids.cid(1).compareTo(TestCids.cid(2)) < 0;
    assertEquals(0, assertDoesNotThrow(records(header, ascending ? first : second, ascending ? second : first, end)));
    expect("out of order", records(header, ascending ? second : first, ascending ? first : second, end));
    // a CID continued in the next record must go on in log order
    expect("index 1 after 2", records(header, first,
        Map.of("k", "history", "cid", TestCids.cid(1), "events", List.of(e1)), end));
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
