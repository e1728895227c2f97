package io.cairn.server.node;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Sizes as Kubo's config writes them ({@code Datastore.StorageMax = "10GB"}), read the way Kubo
 * reads them (go-humanize): SI units are powers of 1000 ({@code kB MB GB TB PB EB}, the
 * {@code B} optional), IEC units powers of 1024 ({@code KiB MiB GiB …}); case is ignored.
 */
public final class ByteSize {
  private static final Map<String, Long> UNITS = Map.ofEntries(
      Map.entry("", 1L), Map.entry("b", 1L),
      Map.entry("k", 1_000L), Map.entry("kb", 1_000L), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
      Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
      Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L), Map.entry("gi", 1L << 30),
      Map.entry("gib", 1L << 30),
      Map.entry("t", 1_000_000_000_000L), Map.entry("tb", 1_000_000_000_000L), Map.entry("ti", 1L << 40),
      Map.entry("tib", 1L << 40),
      Map.entry("p", 1_000_000_000_000_000L), Map.entry("pb", 1_000_000_000_000_000L), Map.entry("pi", 1L << 50),
      Map.entry("pib", 1L << 50),
      Map.entry("e", 1_000_000_000_000_000_000L), Map.entry("eb", 1_000_000_000_000_000_000L),
      Map.entry("ei", 1L << 60), Map.entry("eib", 1L << 60));

  private ByteSize() {}

  /**
   * Bytes in {@code text}; empty means 0 (no limit).
   *
   * @throws IllegalArgumentException for anything else that is not a size
   */
  public static long parse(String text) {
    String s = text.trim().replace(",", "");
    if (s.isEmpty()) {
      return 0;
    }
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    Long unit = UNITS.get(s.substring(i).trim().toLowerCase(Locale.ROOT));
    if (i == 0 || unit == null) {
      throw new IllegalArgumentException("'" + text + "' is not a size (write it like 10GB or 512MiB)");
    }
    try {
      return new BigDecimal(s.substring(0, i)).multiply(BigDecimal.valueOf(unit)).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size (write it like 10GB or 512MiB)");
    }
  }
}
