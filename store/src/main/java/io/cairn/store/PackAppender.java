package io.cairn.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * How bytes are appended to the pack being written: through the page cache
 * ({@link BufferedAppender}) or around it ({@link DirectAppender}). Not thread-safe: {@link
 * PackFiles} calls it under its lock, except {@link #inFile}, which any reader may ask.
 */
sealed interface PackAppender extends Closeable permits BufferedAppender, DirectAppender {
  /** Appends {@code src}'s remaining bytes (consuming them); returns the offset they start at. */
  long append(ByteBuffer src) throws IOException;

  /** The offset the next append starts at. */
  long end();

  /**
   * Every appended byte below this offset is in the file, readable through another channel; those
   * at or above it are still only in this appender (see {@link #copyPending}).
   */
  long inFile();

  /** Copies appended bytes not yet in the file (offset ≥ {@link #inFile}) into {@code dst}. */
  void copyPending(long offset, byte[] dst, int dstOffset, int length);

  /** Hands everything appended to the file (before a sync, or when this pack stops being written). */
  void flush() throws IOException;

  /** Asks the disk to start writing what was appended (a head start for a sync; no promise). */
  void writeBack() throws IOException;

  /** Empties the pack. */
  void truncate() throws IOException;

  FileChannel channel();

  @Override
  default void close() throws IOException {
    channel().close();
  }
}
