package io.cairn.unixfs;

import java.util.Objects;

/**
 * Settings of a UnixFS import, with Kubo's defaults (profile {@code unixfs-v0-2015}):
 * CIDv0, dag-pb leaves, 262,144-byte chunks, 174 links per node, balanced layout, HAMT
 * directories once the links-bytes estimate exceeds 262,144 bytes.
 */
public final class ImportOptions {
  public static final int DEFAULT_CHUNK_SIZE = 262_144;
  public static final int DEFAULT_MAX_LINKS = 174;
  public static final int DEFAULT_INLINE_LIMIT = 32;
  public static final long DEFAULT_HAMT_THRESHOLD = 262_144;
  /** Kubo's limit (2 MiB - 256): larger chunks make blocks other nodes refuse. */
  public static final int MAX_CHUNK_SIZE = (2 << 20) - 256;

  private final int cidVersion;
  private final Boolean rawLeavesSetting; // as given, null = derived
  private final boolean rawLeaves;
  private final int chunkSize;
  private final int maxLinks;
  private final Layout layout;
  private final boolean inline;
  private final int inlineLimit;
  private final boolean preserveMode;
  private final boolean preserveMtime;
  private final long hamtThreshold;
  private final HamtEstimate hamtEstimate;

  private ImportOptions(Builder b) {
    this.cidVersion = b.cidVersion;
    this.rawLeavesSetting = b.rawLeaves;
    boolean metadata = b.preserveMode || b.preserveMtime;
    // Kubo turns raw leaves off when recording metadata (only a DAG-PB node can carry it).
    this.rawLeaves = b.rawLeaves != null ? b.rawLeaves : b.cidVersion == 1 && !metadata;
    this.chunkSize = b.chunkSize;
    this.maxLinks = b.maxLinks;
    this.layout = b.layout;
    this.inline = b.inline;
    this.inlineLimit = b.inlineLimit;
    this.preserveMode = b.preserveMode;
    this.preserveMtime = b.preserveMtime;
    this.hamtThreshold = b.hamtThreshold;
    this.hamtEstimate = b.hamtEstimate;
  }

  public static ImportOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset to a named import profile (IPIP-499): {@code unixfs-v0-2015} (Kubo's
   * default) or {@code unixfs-v1-2025} (CIDv1, raw leaves, 1 MiB chunks, 1024 links,
   * block-bytes HAMT estimate).
   */
  public static Builder profile(String name) {
    return switch (name) {
      case "unixfs-v0-2015", "legacy-cid-v0" -> builder();
      case "unixfs-v1-2025" -> builder().cidVersion(1).rawLeaves(true).chunkSize(1 << 20).maxLinks(1024)
          .hamtEstimate(HamtEstimate.BLOCK_BYTES);
      default -> throw new IllegalArgumentException(
          "unknown import profile '" + name + "' (use unixfs-v0-2015 or unixfs-v1-2025)");
    };
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.cidVersion = cidVersion;
    b.rawLeaves = rawLeavesSetting;
    b.chunkSize = chunkSize;
    b.maxLinks = maxLinks;
    b.layout = layout;
    b.inline = inline;
    b.inlineLimit = inlineLimit;
    b.preserveMode = preserveMode;
    b.preserveMtime = preserveMtime;
    b.hamtThreshold = hamtThreshold;
    b.hamtEstimate = hamtEstimate;
    return b;
  }

  public int cidVersion() {
    return cidVersion;
  }

  public boolean rawLeaves() {
    return rawLeaves;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public int maxLinks() {
    return maxLinks;
  }

  public Layout layout() {
    return layout;
  }

  public boolean inline() {
    return inline;
  }

  public int inlineLimit() {
    return inlineLimit;
  }

  public boolean preserveMode() {
    return preserveMode;
  }

  public boolean preserveMtime() {
    return preserveMtime;
  }

  public long hamtThreshold() {
    return hamtThreshold;
  }

  public HamtEstimate hamtEstimate() {
    return hamtEstimate;
  }

  @Override
  public String toString() {
    return "ImportOptions{cidVersion=" + cidVersion + ", rawLeaves=" + rawLeaves + ", chunkSize=" + chunkSize
        + ", maxLinks=" + maxLinks + ", layout=" + layout + ", inline=" + inline + "/" + inlineLimit
        + ", preserveMode=" + preserveMode + ", preserveMtime=" + preserveMtime + ", hamt=" + hamtThreshold
        + "/" + hamtEstimate.label() + "}";
  }

  /** Builds {@link ImportOptions}. */
  public static final class Builder {
    private int cidVersion = 0;
    private Boolean rawLeaves; // null = follow the CID version, as Kubo does
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private int maxLinks = DEFAULT_MAX_LINKS;
    private Layout layout = Layout.BALANCED;
    private boolean inline;
    private int inlineLimit = DEFAULT_INLINE_LIMIT;
    private boolean preserveMode;
    private boolean preserveMtime;
    private long hamtThreshold = DEFAULT_HAMT_THRESHOLD;
    private HamtEstimate hamtEstimate = HamtEstimate.LINKS_BYTES;

    private Builder() {}

    public Builder cidVersion(int v) {
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException("CID version must be 0 or 1, got " + v);
      }
      this.cidVersion = v;
      return this;
    }

    /** Raw leaves on or off; {@code null} means the default for the CID version. */
    public Builder rawLeaves(Boolean raw) {
      this.rawLeaves = raw;
      return this;
    }

    public Builder chunkSize(int size) {
      if (size < 1 || size > MAX_CHUNK_SIZE) {
        throw new IllegalArgumentException("chunk size must be 1.." + MAX_CHUNK_SIZE + " bytes, got " + size);
      }
      this.chunkSize = size;
      return this;
    }

    public Builder maxLinks(int n) {
      if (n < 2) {
        throw new IllegalArgumentException("links per node must be at least 2, got " + n);
      }
      this.maxLinks = n;
      return this;
    }

    public Builder layout(Layout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    public Builder inline(boolean inline) {
      this.inline = inline;
      return this;
    }

    public Builder inlineLimit(int limit) {
      if (limit < 0 || limit > io.cairn.codec.Multihash.MAX_IDENTITY_DIGEST) {
        throw new IllegalArgumentException("inline limit must be 0..128 bytes, got " + limit);
      }
      this.inlineLimit = limit;
      return this;
    }

    public Builder preserveMode(boolean b) {
      this.preserveMode = b;
      return this;
    }

    public Builder preserveMtime(boolean b) {
      this.preserveMtime = b;
      return this;
    }

    public Builder hamtThreshold(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("HAMT threshold must be >= 0");
      }
      this.hamtThreshold = bytes;
      return this;
    }

    public Builder hamtEstimate(HamtEstimate e) {
      this.hamtEstimate = Objects.requireNonNull(e, "estimate");
      return this;
    }

    /**
     * @throws IllegalArgumentException when raw leaves were asked for together with mode or
     *     mtime, which Kubo refuses too: a raw leaf cannot carry metadata
     */
    public ImportOptions build() {
      if (Boolean.TRUE.equals(rawLeaves) && (preserveMode || preserveMtime)) {
        throw new IllegalArgumentException("raw leaves cannot be used with mode/mtime metadata: "
            + "drop --raw-leaves (or choose a profile without it) to keep metadata");
      }
      return new ImportOptions(this);
    }
  }
}
