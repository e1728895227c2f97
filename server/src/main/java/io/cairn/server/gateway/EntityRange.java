package io.cairn.server.gateway;

/**
 * The {@code entity-bytes=from:to} parameter of a CAR request: an inclusive byte range of the
 * file at the end of the path. {@code to} may be {@code *} (the end of the file); either end
 * may be negative, counting back from the end ({@code -1024:*} is the last 1024 bytes).
 *
 * @param from first byte, or a negative count from the end
 * @param to last byte (inclusive), a negative count from the end, or {@link #END} for {@code *}
 */
record EntityRange(long from, long to) {
  /** {@code to} written as {@code *}. */
  static final long END = Long.MAX_VALUE;

  static EntityRange parse(String text) throws GatewayException {
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
      throw bad(text, "write it as from:to, e.g. 0:1023 or -1024:*");
    }
    long from = number(text, text.substring(0, colon));
    String toText = text.substring(colon + 1);
    long to = toText.equals("*") ? END : number(text, toText);
    if (to != END && (from >= 0) == (to >= 0) && from > to) {
      throw bad(text, "'from' comes after 'to'");
    }
    return new EntityRange(from, to);
  }

  private static long number(String whole, String part) throws GatewayException {
    if (!part.matches("-?[0-9]{1,18}")) {
      throw bad(whole, "'" + part + "' is not a byte offset");
    }
    return Long.parseLong(part);
  }

  private static GatewayException bad(String text, String why) {
    return GatewayException.badRequest("entity-bytes=" + text + " is not valid: " + why);
  }

  /** Whether the range begins at or past the end of a file of {@code size} bytes (size > 0). */
  boolean startsPastEnd(long size) {
    return size > 0 && from >= size;
  }

  /**
   * The first and last byte (inclusive) this range covers in a file of {@code size} bytes,
   * clipped to the file; null when it covers no byte at all.
   */
  long[] resolve(long size) {
    long first = from >= 0 ? from : Math.max(0, size + from);
    long last = to == END ? size - 1 : to >= 0 ? Math.min(to, size - 1) : size + to;
    if (first >= size || last < first) {
      return null;
    }
    return new long[] {first, last};
  }

  @Override
  public String toString() {
    return from + ":" + (to == END ? "*" : Long.toString(to));
  }
}
