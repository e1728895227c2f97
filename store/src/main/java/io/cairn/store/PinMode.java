package io.cairn.store;

import java.util.Locale;

/** How a CID is pinned: with everything below it, or the block alone (Kubo's modes). */
public enum PinMode {
  RECURSIVE,
  DIRECT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PinMode parse(String s) {
    return switch (s) {
      case "recursive" -> RECURSIVE;
      case "direct" -> DIRECT;
      default -> throw new IllegalArgumentException("unknown pin type '" + s + "' (use recursive or direct)");
    };
  }
}
