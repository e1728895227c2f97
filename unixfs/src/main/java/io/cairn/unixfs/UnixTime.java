package io.cairn.unixfs;

import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A UnixFS 1.5 modification time: whole seconds since the epoch (may be negative) and
 * optional nanoseconds in 1..999,999,999 (0 means "none" and is never written).
 */
public record UnixTime(long seconds, int nanos) {
  public UnixTime {
    if (nanos < 0 || nanos > 999_999_999) {
      throw new IllegalArgumentException("nanoseconds out of range: " + nanos);
    }
  }

  public static UnixTime of(FileTime t) {
    Instant i = t.toInstant();
    return new UnixTime(i.getEpochSecond(), i.getNano());
  }

  /** As a FileTime; times beyond what Instant holds saturate rather than fail. */
  public FileTime toFileTime() {
    try {
      return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
    } catch (java.time.DateTimeException e) {
      return FileTime.from(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
