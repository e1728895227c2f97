package io.cairn.server.node;

import io.cairn.unixfs.HamtEstimate;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.Layout;

/**
 * The UnixFS import settings as Kubo's {@code add} names them (profile, cid-version, raw-leaves,
 * chunker, max-file-links, trickle, inline, inline-limit, preserve-mode, preserve-mtime, and the
 * HAMT threshold and estimate), turned into {@link ImportOptions}. Unset values keep the profile's
 * (or Kubo's) defaults. The CLI's flags and the RPC API's query options both end here.
 */
public final class ImportSettings {
  private String profile;
  private Integer cidVersion;
  private Boolean rawLeaves;
  private String chunker;
  private Integer maxFileLinks;
  private boolean trickle;
  private boolean inline;
  private Integer inlineLimit;
  private boolean preserveMode;
  private boolean preserveMtime;
  private Long hamtThreshold;
  private String hamtEstimate;

  public ImportSettings profile(String v) {
    profile = v;
    return this;
  }

  public ImportSettings cidVersion(Integer v) {
    cidVersion = v;
    return this;
  }

  public ImportSettings rawLeaves(Boolean v) {
    rawLeaves = v;
    return this;
  }

  public ImportSettings chunker(String v) {
    chunker = v;
    return this;
  }

  public ImportSettings maxFileLinks(Integer v) {
    maxFileLinks = v;
    return this;
  }

  public ImportSettings trickle(boolean v) {
    trickle = v;
    return this;
  }

  public ImportSettings inline(boolean v) {
    inline = v;
    return this;
  }

  public ImportSettings inlineLimit(Integer v) {
    inlineLimit = v;
    return this;
  }

  public ImportSettings preserveMode(boolean v) {
    preserveMode = v;
    return this;
  }

  public ImportSettings preserveMtime(boolean v) {
    preserveMtime = v;
    return this;
  }

  public ImportSettings hamtThreshold(Long v) {
    hamtThreshold = v;
    return this;
  }

  public ImportSettings hamtEstimate(String v) {
    hamtEstimate = v;
    return this;
  }

  /**
   * The options these settings describe.
   *
   * @throws IllegalArgumentException with a message for the user when a value is not allowed
   */
  public ImportOptions toOptions() {
    ImportOptions.Builder b = profile == null ? ImportOptions.builder() : ImportOptions.profile(profile);
    if (cidVersion != null) {
      b.cidVersion(cidVersion);
    }
    if (rawLeaves != null) {
      b.rawLeaves(rawLeaves);
    }
    if (chunker != null) {
      b.chunkSize(parseChunker(chunker));
    }
    if (maxFileLinks != null) {
      b.maxLinks(maxFileLinks);
    }
    if (trickle) {
      b.layout(Layout.TRICKLE);
    }
    b.inline(inline);
    if (inlineLimit != null) {
      b.inlineLimit(inlineLimit);
    }
    b.preserveMode(preserveMode).preserveMtime(preserveMtime);
    if (hamtThreshold != null) {
      b.hamtThreshold(hamtThreshold);
    }
    if (hamtEstimate != null) {
      b.hamtEstimate(HamtEstimate.parse(hamtEstimate));
    }
    return b.build();
  }

  /** {@code size-N} (or {@code default}) as a chunk size in bytes. */
  public static int parseChunker(String s) {
    if (s.equals("default")) {
      return ImportOptions.DEFAULT_CHUNK_SIZE;
    }
    if (!s.startsWith("size-")) {
      throw new IllegalArgumentException("unsupported chunker '" + s + "': only size-N is supported (e.g. size-262144)");
    }
    try {
      return Integer.parseInt(s.substring(5));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad chunk size in '" + s + "': expected size-N with N a number of bytes");
    }
  }
}
