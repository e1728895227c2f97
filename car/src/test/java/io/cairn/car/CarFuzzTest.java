package io.cairn.car;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.codec.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target for the CAR reader: a CAR of any bytes is read to the end (blocks and index)
 * or rejected with a {@link MalformedDataException}; never another exception, never an
 * allocation beyond the limits.
 */
class CarFuzzTest {
  private static final CarLimits SMALL = new CarLimits(1 << 16, 1 << 16, 1 << 20);

  @FuzzTest(maxDuration = "5m")
  void car(byte[] input) throws IOException {
    try (CarReader r = CarReader.open(new ByteArrayInputStream(input), SMALL)) {
      while (r.next() != null) {
        // every block verified on the way
      }
      r.readIndex();
    } catch (MalformedDataException expected) {
      // rejected cleanly (including BlockMismatchException)
    }
  }
}
