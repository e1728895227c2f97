package io.cairn.unixfs;

/**
 * UnixFS 1.5 metadata to record on a node: a mode ({@code -1} = none; permission and special
 * bits, {@code & 07777}) and an mtime ({@code null} = none).
 */
public record Metadata(int mode, UnixTime mtime) {
  public static final Metadata NONE = new Metadata(-1, null);

  public boolean isEmpty() {
    return mode < 0 && mtime == null;
  }

  UnixfsData.Builder applyTo(UnixfsData.Builder b) {
    if (mode >= 0) {
      b.mode(mode);
    }
    if (mtime != null) {
      b.mtime(mtime);
    }
    return b;
  }
}
