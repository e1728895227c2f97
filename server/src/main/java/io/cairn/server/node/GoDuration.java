package io.cairn.server.node;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations spelled as Go's {@code time.ParseDuration} (and so Kubo's flags) spell them:
 * {@code 48h}, {@code 1h30m}, {@code 90s}, {@code 1.5h}, {@code 500ms}; units ns, us, µs, ms,
 * s, m, h. Written back with {@link #format} in the same style ({@code 48h0m0s}).
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  public static Duration parse(String text) throws NodeException {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    double nanos = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1d;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      at = m.end();
    }
    if (at == 0 || at != text.length() || nanos > Long.MAX_VALUE) {
      throw new NodeException("'" + text + "' is not a duration; write it like 48h, 30m, 90s or 1h30m");
    }
    return Duration.ofNanos((long) nanos);
  }

  /** Go's {@code Duration.String()} for whole seconds and above, e.g. {@code 48h0m0s}. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return d.isZero() ? "0s" : d.toMillis() + "ms";
    }
    StringBuilder sb = new StringBuilder();
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
    }
    if (s >= 60) {
      sb.append(s % 3600 / 60).append('m');
    }
    return sb.append(s % 60).append('s').toString();
  }
}
