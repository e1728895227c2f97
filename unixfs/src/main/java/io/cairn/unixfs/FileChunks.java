package io.cairn.unixfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A range of a file's bytes as the pieces its blocks hold, in order: each piece is a view of
 * one block's data, not a copy, so a reader can hand whole blocks on (to a socket, say). Blocks
 * are fetched as reading reaches them, and declared sizes are checked as in
 * {@link UnixfsExporter#open(io.cairn.codec.Cid, long, long)}.
 */
public interface FileChunks extends Closeable {
  /**
   * The next piece: never empty, never changed afterwards (the caller must not change it
   * either); null once the range has been read.
   */
  ByteBuffer next() throws IOException;

  @Override
  default void close() throws IOException {}
}
