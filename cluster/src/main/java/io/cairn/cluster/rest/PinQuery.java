package io.cairn.cluster.rest;

import io.cairn.cluster.PinMode;
import io.cairn.cluster.PinOptions;
import io.cairn.codec.MalformedDataException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IPFS Cluster's pin options as query parameters ({@code POST /pins/{cid}?…}):
 * {@code replication-min}, {@code replication-max}, {@code replication} (both), {@code name},
 * {@code mode}, {@code user-allocations} (comma-separated), {@code expire-at} (RFC 3339),
 * {@code expire-in} (a Go duration such as {@code 36h} or {@code 1h30m}), {@code meta-KEY}.
 * Unknown parameters are ignored, as IPFS Cluster does; a bad value is an error naming it.
 * Missing replication factors take the cluster's defaults.
 */
final class PinQuery {
  private PinQuery() {}

  static PinOptions parse(Map<String, String> q, int defaultMin, int defaultMax, Clock clock)
      throws MalformedDataException {
    int min = defaultMin;
    int max = defaultMax;
    if (q.containsKey("replication")) {
      min = max = integer(q, "replication");
    }
    if (q.containsKey("replication-min")) {
      min = integer(q, "replication-min");
    }
    if (q.containsKey("replication-max")) {
      max = integer(q, "replication-max");
    }
    if (min == 0 || max == 0) { // IPFS Cluster: 0 means "the default"
      min = min == 0 ? defaultMin : min;
      max = max == 0 ? defaultMax : max;
    }
    PinMode mode = q.containsKey("mode") && !q.get("mode").isEmpty() ? PinMode.parse(q.get("mode")) : PinMode.RECURSIVE;
    List<String> user = new ArrayList<>();
    if (q.containsKey("user-allocations") && !q.get("user-allocations").isBlank()) {
      Arrays.stream(q.get("user-allocations").split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .distinct().forEach(user::add);
    }
    long expireAt = 0;
    if (q.containsKey("expire-at") && !q.get("expire-at").isEmpty()) {
      try {
        expireAt = Instant.parse(q.get("expire-at")).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new MalformedDataException("expire-at", -1, "not an RFC 3339 time: " + q.get("expire-at"));
      }
    }
    if (q.containsKey("expire-in") && !q.get("expire-in").isEmpty()) {
      expireAt = clock.millis() + goDurationMillis(q.get("expire-in"));
    }
    if (expireAt < 0) {
      expireAt = 0; // the zero time: never
    }
    TreeMap<String, String> meta = new TreeMap<>();
    for (Map.Entry<String, String> e : q.entrySet()) {
      if (e.getKey().startsWith("meta-") && e.getKey().length() > 5) {
        meta.put(e.getKey().substring(5), e.getValue());
      }
    }
    String problem = replicationProblem(min, max);
    if (problem != null) {
      throw new MalformedDataException("replication", -1, problem);
    }
    return new PinOptions(q.getOrDefault("name", ""), mode, min, max, user, expireAt, meta, 0);
  }

  private static String replicationProblem(int min, int max) {
    try {
      PinOptions.recursive(min, max);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static int integer(Map<String, String> q, String key) throws MalformedDataException {
    try {
      return Integer.parseInt(q.get(key).trim());
    } catch (NumberFormatException e) {
      throw new MalformedDataException(key, -1, "not an integer: " + q.get(key));
    }
  }

  /** Go's time.ParseDuration for the units a pin expiry uses: h, m, s, ms (e.g. {@code 1h30m}). */
  static long goDurationMillis(String text) throws MalformedDataException {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new MalformedDataException("expire-in", -1, "empty duration");
    }
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new MalformedDataException("expire-in", start, "expected a number in '" + text + "'");
      }
      double n;
      try {
        n = Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw new MalformedDataException("expire-in", start, "bad number in '" + text + "'");
      }
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      long unit = switch (s.substring(unitStart, i)) {
        case "h" -> 3_600_000L;
        case "m" -> 60_000L;
        case "s" -> 1_000L;
        case "ms" -> 1L;
        default -> throw new MalformedDataException("expire-in", unitStart,
            "unit must be h, m, s or ms in '" + text + "'");
      };
      total += (long) (n * unit);
    }
    return total;
  }
}
