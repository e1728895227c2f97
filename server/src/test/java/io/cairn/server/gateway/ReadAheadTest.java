package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.unixfs.FileChunks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  /** Pieces 0, 1, 2, … (each one byte holding its number), failing at {@code failAt}, ending at {@code end}. */
  static final class Counting implements FileChunks {
    final AtomicInteger reads = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    final int end;
    final int failAt;

    Counting(int end, int failAt) {
      this.end = end;
      this.failAt = failAt;
    }

    @Override
    public ByteBuffer next() throws IOException {
      int i = reads.getAndIncrement();
      if (i == failAt) {
        throw new IOException("block " + i + " is missing");
      }
      return i >= end ? null : ByteBuffer.wrap(new byte[] {(byte) i});
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void piecesArriveInOrderThenTheEnd() throws Exception {
    Counting source = new Counting(100, -1);
    try (ReadAhead ahead = new ReadAhead(source)) {
      for (int i = 0; i < 100; i++) {
        assertEquals((byte) i, ahead.next().get(0));
      }
      assertNull(ahead.next());
      assertNull(ahead.next(), "the end stays the end");
    }
    assertTrue(source.closed.await(10, TimeUnit.SECONDS), "the source is closed once read");
  }

  @Test
  void aFailureComesAfterThePiecesBeforeIt() throws Exception {
    try (ReadAhead ahead = new ReadAhead(new Counting(100, 5))) {
      for (int i = 0; i < 5; i++) {
        assertEquals((byte) i, ahead.next().get(0));
      }
      IOException e = assertThrows(IOException.class, ahead::next);
      assertEquals("block 5 is missing", e.getMessage());
      assertNull(ahead.next());
    }
  }

  @Test
  void closingStopsTheReaderWithoutReadingOn() throws Exception {
    Counting endless = new Counting(Integer.MAX_VALUE, -1);
    ReadAhead ahead = new ReadAhead(endless);
    assertEquals(0, ahead.next().get(0));
    ahead.close();
    assertTrue(endless.closed.await(10, TimeUnit.SECONDS), "the reader stops and closes its source");
    assertTrue(endless.reads.get() <= ReadAhead.AHEAD + 3,
        "read " + endless.reads.get() + " pieces: memory stays bounded");
  }
}
