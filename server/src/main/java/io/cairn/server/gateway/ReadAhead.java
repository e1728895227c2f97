package io.cairn.server.gateway;

import io.cairn.unixfs.FileChunks;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file's next pieces on a virtual thread of its own while the caller writes the
 * current one, so reading blocks (and hashing them, with {@code Datastore.HashOnRead}) overlaps
 * with sending. At most {@link #AHEAD} pieces wait, so memory stays bounded whatever the file's
 * size. A failure reaches the caller after the pieces read before it, in order. The reader is
 * never interrupted (an interrupt would close the store's shared pack channels): closing stops
 * it at its next piece.
 */
final class ReadAhead implements FileChunks {
  /** Pieces read but not yet taken, at most (a piece is a block, typically 256 KiB, at most 2 MiB). */
  static final int AHEAD = 2;
  /** Ranges shorter than this are a block or a few: not worth a thread of their own. */
  static final long MIN_LENGTH = 1 << 20;
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  private volatile boolean closed;
  private boolean ended;

  ReadAhead(FileChunks source) {
    Thread.ofVirtual().name("cairn-read-ahead").start(() -> read(source));
  }

  private void read(FileChunks source) {
    Object last = END;
    try (source) {
      for (ByteBuffer piece = source.next(); piece != null && !closed; piece = source.next()) {
        queue.put(piece);
      }
    } catch (IOException | RuntimeException e) {
      last = e;
    } catch (InterruptedException e) {
      last = new InterruptedIOException("reading ahead was interrupted");
    }
    try {
      if (!closed) {
        queue.put(last);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public ByteBuffer next() throws IOException {
    if (ended) {
      return null;
    }
    Object o;
    try {
      o = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the file's next block");
    }
    if (o instanceof ByteBuffer piece) {
      return piece;
    }
    ended = true;
    if (o instanceof IOException e) {
      throw e;
    }
    if (o instanceof RuntimeException e) {
      throw e;
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    queue.clear(); // a reader waiting to put a piece gets room, then sees it is closed
  }
}
