package io.cairn.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.codec.MalformedDataException;

/** Fuzz target for the UnixFS Data decoder: success or {@link MalformedDataException}, nothing else. */
class UnixfsFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void unixfsData(byte[] input) {
    try {
      UnixfsData d = UnixfsData.decode(input);
      assertEquals(d, UnixfsData.decode(d.encode()), "re-encoding must keep every field");
    } catch (MalformedDataException expected) {
      // rejected cleanly
    }
  }
}
