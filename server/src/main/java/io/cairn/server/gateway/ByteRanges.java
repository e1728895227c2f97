package io.cairn.server.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP {@code Range: bytes=…} header (RFC 9110 §14) against a representation of known size.
 * A header that does not parse, or asks for more than {@link #MAX_RANGES} ranges, is ignored
 * (the whole representation is sent, as the RFC allows); one whose ranges all start past the
 * end is unsatisfiable (416).
 */
final class ByteRanges {
  static final int MAX_RANGES = 64;

  /** One satisfiable range, inclusive at both ends. */
  record Span(long first, long last) {
    long length() {
      return last - first + 1;
    }

    String contentRange(long size) {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  /** What to do with a Range header. */
  sealed interface Outcome {}

  /** Send the whole representation. */
  record Whole() implements Outcome {}

  /** Nothing asked for exists: 416. */
  record Unsatisfiable() implements Outcome {}

  /** Send these parts, in the order asked. */
  record Parts(List<Span> spans) implements Outcome {}

  private ByteRanges() {}

  static Outcome parse(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new Whole();
    }
    String[] specs = h.substring(6).split(",");
    if (specs.length > MAX_RANGES) {
      return new Whole();
    }
    List<Span> spans = new ArrayList<>();
    for (String spec : specs) {
      String s = spec.trim();
      int dash = s.indexOf('-');
      if (dash < 0) {
        return new Whole();
      }
      String a = s.substring(0, dash).trim();
      String b = s.substring(dash + 1).trim();
      try {
        if (a.isEmpty()) { // suffix: the last N bytes
          long n = digits(b);
          if (n > 0 && size > 0) {
            spans.add(new Span(Math.max(0, size - n), size - 1));
          }
        } else {
          long first = digits(a);
          long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
          if (last < first) {
            return new Whole();
          }
          if (first < size) {
            spans.add(new Span(first, Math.min(last, size - 1)));
          }
        }
      } catch (NumberFormatException e) {
        return new Whole();
      }
    }
    return spans.isEmpty() ? new Unsatisfiable() : new Parts(spans);
  }

  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException(s);
    }
    return Long.parseLong(s);
  }
}
