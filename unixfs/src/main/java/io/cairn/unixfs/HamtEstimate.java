package io.cairn.unixfs;

/** How a directory's size is estimated when deciding to shard it into a HAMT. */
public enum HamtEstimate {
  /** Sum of name length + CID byte length over the links (Kubo's historical estimate). */
  LINKS_BYTES("links-bytes"),
  /** The exact serialized size of the plain directory block (profile unixfs-v1-2025). */
  BLOCK_BYTES("block-bytes");

  private final String label;

  HamtEstimate(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static HamtEstimate parse(String s) {
    // Kubo's config spells them "links" and "block"; the JS importer "links-bytes" and "block-bytes".
    return switch (s) {
      case "links-bytes", "links" -> LINKS_BYTES;
      case "block-bytes", "block" -> BLOCK_BYTES;
      default -> throw new IllegalArgumentException("unknown HAMT estimate '" + s + "' (use links-bytes or block-bytes)");
    };
  }
}
