package io.cairn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends through the page cache: every byte is in the file (if not yet durable) once appended. */
final class BufferedAppender implements PackAppender {
  private final FileChannel channel;
  private long end;

  BufferedAppender(Path path) throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    end = channel.size();
  }

  @Override
  public long append(ByteBuffer src) throws IOException {
    long at = end;
    long pos = at;
    while (src.hasRemaining()) {
      pos += channel.write(src, pos);
    }
    end = pos;
    return at;
  }

  @Override
  public long end() {
    return end;
  }

  @Override
  public long inFile() {
    return Long.MAX_VALUE; // nothing is held back
  }

  @Override
  public void copyPending(long offset, byte[] dst, int dstOffset, int length) {
    throw new IllegalStateException("a buffered pack holds nothing back");
  }

  @Override
  public void flush() {
    // every append is already in the file
  }

  @Override
  public void writeBack() throws IOException {
    channel.force(false);
  }

  @Override
  public void truncate() throws IOException {
    channel.truncate(0);
    channel.force(true);
    end = 0;
  }

  @Override
  public FileChannel channel() {
    return channel;
  }
}
