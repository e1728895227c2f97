package io.cairn.unixfs;

import io.cairn.codec.Cid;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a UnixFS node is: its kind, size and metadata.
 *
 * @param cid the node
 * @param kind file, directory (plain or HAMT) or symlink
 * @param size file bytes for a file (0 otherwise)
 * @param mode the stored mode ({@code & 07777} meaningful), if any
 * @param mtime the stored mtime, if any
 * @param symlinkTarget the target, for a symlink
 */
public record UnixfsEntry(Cid cid, Kind kind, long size, OptionalInt mode, Optional<UnixTime> mtime,
    Optional<String> symlinkTarget) {

  /** The kinds of UnixFS node an exporter meets. */
  public enum Kind {
    FILE,
    DIRECTORY,
    HAMT_DIRECTORY,
    SYMLINK;

    public boolean isDirectory() {
      return this == DIRECTORY || this == HAMT_DIRECTORY;
    }
  }
}
