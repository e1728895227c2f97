package io.cairn.unixfs;

/** The UnixFS {@code Data.Type} values. */
public enum UnixfsType {
  RAW(0),
  DIRECTORY(1),
  FILE(2),
  METADATA(3),
  SYMLINK(4),
  HAMT_SHARD(5);

  private final int code;

  UnixfsType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static UnixfsType of(long code) {
    for (UnixfsType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
