package io.cairn.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.codec.MalformedDataException;
import java.io.ByteArrayInputStream;

/**
 * Fuzz targets for the cluster's decoders: each input is accepted (and then re-encodes to the
 * same bytes, the encoding being canonical) or rejected with {@link MalformedDataException};
 * nothing else may escape. Without JAZZER_FUZZ these run as quick regression tests.
 */
class ClusterFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void entry(byte[] input) {
    try {
      assertArrayEquals(input, ClusterWire.encodeEntry(ClusterWire.decodeEntry(input)));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void request(byte[] input) {
    try {
      assertArrayEquals(input, ClusterWire.encodeRequest(ClusterWire.decodeRequest(input)));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  /** A stored history value (the key's index taken as the value's first byte, so both cases are reached). */
  @FuzzTest(maxDuration = "5m")
  void historyValue(byte[] input) {
    long index = input.length == 0 ? 0 : input[0] & 0x0f;
    try {
      HistoryEvent e = HistoryRecords.decodeEvent("fuzz", index, input);
      assertArrayEquals(input, io.cairn.codec.DagCbor.encode(ClusterWire.event(e)));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
    try {
      MemberEvent e = HistoryRecords.decodeMember("fuzz", index, input);
      assertArrayEquals(input, io.cairn.codec.DagCbor.encode(ClusterWire.member(e)));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }

  @FuzzTest(maxDuration = "5m")
  void snapshot(byte[] input) throws Exception {
    try {
      SnapshotFile.read(new ByteArrayInputStream(input));
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }
}
