package io.cairn.codec;

import java.io.IOException;

/**
 * Input bytes or text that do not follow the format being decoded. The message names the
 * format element that was wrong ({@link #what()}) and where it was found ({@link #offset()},
 * counted in bytes — or characters, for text — from the start of the decoder's input;
 * -1 when no single position applies).
 */
public class MalformedDataException extends IOException {
  private final String what;
  private final long offset;

  public MalformedDataException(String what, long offset, String problem) {
    super(what + (offset >= 0 ? " at offset " + offset : "") + ": " + problem);
    this.what = what;
    this.offset = offset;
  }

  public MalformedDataException(String what, long offset, String problem, Throwable cause) {
    this(what, offset, problem);
    initCause(cause);
  }

  /** The format element that was malformed, e.g. {@code "PBLink.Hash"} or {@code "varint"}. */
  public String what() {
    return what;
  }

  /** Position of the problem in the decoder's input, or -1. */
  public long offset() {
    return offset;
  }
}
