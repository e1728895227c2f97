package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangesTest {
  static List<ByteRanges.Span> parts(String header, long size) {
    return assertInstanceOf(ByteRanges.Parts.class, ByteRanges.parse(header, size)).spans();
  }

  @Test
  void satisfiableForms() {
    assertEquals(List.of(new ByteRanges.Span(0, 9)), parts("bytes=0-9", 100));
    assertEquals(List.of(new ByteRanges.Span(90, 99)), parts("bytes=-10", 100));
    assertEquals(List.of(new ByteRanges.Span(0, 99)), parts("bytes=-1000", 100));
    assertEquals(List.of(new ByteRanges.Span(50, 99)), parts("bytes=50-", 100));
    assertEquals(List.of(new ByteRanges.Span(50, 99)), parts("bytes=50-5000", 100));
    assertEquals(List.of(new ByteRanges.Span(0, 0), new ByteRanges.Span(99, 99)), parts("Bytes=0-0, -1", 100));
    assertEquals(List.of(new ByteRanges.Span(1, 2)), parts("bytes=1-2,200-300", 100), "unsatisfiable parts dropped");
    assertEquals("bytes 1-2/100", new ByteRanges.Span(1, 2).contentRange(100));
  }

  @Test
  void unsatisfiable() {
    assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=100-", 100));
    assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=-0", 100));
    assertInstanceOf(ByteRanges.Unsatisfiable.class, ByteRanges.parse("bytes=0-1", 0));
  }

  @Test
  void ignoredHeaders() {
    for (String h : new String[] {null, "items=0-1", "bytes=", "bytes=a-b", "bytes=5-1", "bytes=1", "bytes=--1",
        "bytes=" + "0-0,".repeat(ByteRanges.MAX_RANGES) + "1-1"}) {
      assertInstanceOf(ByteRanges.Whole.class, ByteRanges.parse(h, 100), String.valueOf(h));
    }
  }
}
