package io.cairn.codec.ipns;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The timestamps of IPNS validity: RFC 3339 with up to nanosecond precision. Written as Go's
 * {@code time.RFC3339Nano} writes UTC times (what Kubo signs): {@code 2026-11-23T14:57:52.1234Z},
 * trailing zeros of the fraction dropped, no fraction when it is zero.
 */
final class Rfc3339 {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private Rfc3339() {}

  static String format(Instant t) {
    OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(SECONDS.format(utc));
    int nanos = utc.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }

  /** Parses RFC 3339 (with 'T', seconds and an offset or 'Z'); null when it is not that. */
  static Instant parse(String text) {
    if (text.length() < 20 || text.charAt(10) != 'T' && text.charAt(10) != 't' || text.charAt(16) != ':') {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
