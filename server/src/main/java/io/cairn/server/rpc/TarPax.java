package io.cairn.server.rpc;

/**
 * Cairn's own pax keywords in the tar of {@code get}: the metadata the DAG itself records,
 * exactly (a tar's plain mode and mtime are filled with defaults when the DAG has none), so that
 * Cairn's CLI restores what a local {@code get} restores. Other tar readers ignore them, as POSIX
 * says of unknown vendor keywords.
 */
public final class TarPax {
  /** The UnixFS mode, in octal. */
  public static final String MODE = "CAIRN.mode";
  /** The UnixFS mtime as {@code seconds.nanoseconds} (nine digits). */
  public static final String MTIME = "CAIRN.mtime";

  private TarPax() {}
}
