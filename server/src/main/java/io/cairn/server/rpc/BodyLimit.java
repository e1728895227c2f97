package io.cairn.server.rpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request body caps. {@code add} and {@code dag/import} stream any amount straight into the store;
 * {@code block/put} takes one block, so its body is capped at the 2 MiB block limit plus room for
 * the multipart framing; every other command takes no body, and more than a little is refused.
 * A declared {@code Content-Length} over the cap is refused before reading; a chunked body is
 * refused when it passes the cap.
 */
final class BodyLimit {
  /** No cap: the body is streamed through. */
  static final long UNLIMITED = Long.MAX_VALUE;
  /** Multipart framing allowed on top of a block: boundaries and part headers (16 KiB max). */
  static final long FRAMING = 16 * 1024 + 1024;
  /** For commands that take no body. */
  static final long NO_BODY = 64 * 1024;

  private BodyLimit() {}

  static RpcException tooLarge(String command, long cap) {
    return new RpcException(413, RpcException.CODE_CLIENT, "the request body is over the " + cap + "-byte limit of "
        + command + (command.equals("block/put") ? " (one block of at most 2 MiB; use add for larger data)" : ""));
  }

  /** {@code in}, failing with a 413 once more than {@code cap} bytes were read. */
  static InputStream capped(InputStream in, long cap, String command) {
    if (cap == UNLIMITED) {
      return in;
    }
    return new FilterInputStream(in) {
      private long count;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && (count += n) > cap) {
          throw new TooLarge(tooLarge(command, cap));
        }
        return n;
      }
    };
  }

  /** Carries the 413 through InputStream reads. */
  static final class TooLarge extends IOException {
    private final RpcException answer;

    TooLarge(RpcException answer) {
      super(answer.getMessage());
      this.answer = answer;
    }

    RpcException answer() {
      return answer;
    }
  }
}
