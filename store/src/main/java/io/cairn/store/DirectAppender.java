package io.cairn.store;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends around the page cache ({@code O_DIRECT}): appended bytes gather in one aligned direct
 * buffer, written whole when it fills. {@link #flush} writes what has gathered padded with zeros
 * to the filesystem's block size, and the next append starts after the padding: no page of the
 * file is ever written twice, so readers going through the page cache never meet a page being
 * rewritten. A crash can leave unreferenced bytes or zeros at the end, as a buffered pack can.
 */
final class DirectAppender implements PackAppender {
  /** Size of the gathering buffer: one write per this many bytes appended. */
  static final int BUFFER = 4 << 20;

  private final FileChannel channel;
  private final int align;
  private ByteBuffer buffer; // made by the first append: a pack opened only to be read needs none
  /** Where the buffer's first byte goes (aligned); every appended byte below it is in the file. */
  private volatile long written;

  private DirectAppender(FileChannel channel, int align) throws IOException {
    this.channel = channel;
    this.align = align;
    this.written = alignUp(channel.size(), align); // a buffered pack's unaligned end is stepped over
  }

  /**
   * Opens {@code path} (made if missing) for direct appends, or returns null when its filesystem
   * takes no {@code O_DIRECT} (tmpfs on older kernels, some network filesystems) or has a block
   * size this buffer cannot be cut into.
   */
  static DirectAppender open(Path path) throws IOException {
    if (!Files.exists(path)) {
      Files.createFile(path);
    }
    long blockSize;
    try {
      blockSize = Files.getFileStore(path).getBlockSize();
    } catch (UnsupportedOperationException e) {
      return null;
    }
    if (blockSize <= 0 || Long.bitCount(blockSize) != 1 || BUFFER % blockSize != 0) {
      return null;
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    } catch (UnsupportedOperationException | IOException e) {
      return null; // EINVAL from open(2): the filesystem has no direct I/O
    }
    return new DirectAppender(ch, (int) blockSize);
  }

  private static long alignUp(long n, int align) {
    return (n + align - 1) & -(long) align;
  }

  @Override
  public long append(ByteBuffer src) throws IOException {
    if (buffer == null) {
      buffer = ByteBuffer.allocateDirect(BUFFER + align).alignedSlice(align).slice(0, BUFFER);
    }
    long at = end();
    while (src.hasRemaining()) {
      if (!buffer.hasRemaining()) {
        writeOut(BUFFER); // a full buffer whose write failed earlier is retried here
      }
      int n = Math.min(src.remaining(), buffer.remaining());
      buffer.put(buffer.position(), src, src.position(), n);
      buffer.position(buffer.position() + n);
      src.position(src.position() + n);
    }
    if (!buffer.hasRemaining()) {
      writeOut(BUFFER);
    }
    return at;
  }

  /**
   * Writes the buffer's first {@code length} bytes (a multiple of the block size) at {@link
   * #written}, then empties it. On failure nothing changes, so the same write is tried again by
   * the next append or flush: the offsets already handed out stay true.
   */
  private void writeOut(int length) throws IOException {
    ByteBuffer out = buffer.slice(0, length);
    long pos = written;
    while (out.hasRemaining()) {
      pos += channel.write(out, pos);
    }
    written += length;
    buffer.clear();
  }

  @Override
  public long end() {
    return written + (buffer == null ? 0 : buffer.position());
  }

  @Override
  public long inFile() {
    return written;
  }

  @Override
  public void copyPending(long offset, byte[] dst, int dstOffset, int length) {
    long from = offset - written;
    if (from < 0 || buffer == null || from + length > buffer.position()) {
      throw new IllegalArgumentException("bytes " + offset + "+" + length + " are not pending (pending from "
          + written + ", " + (buffer == null ? 0 : buffer.position()) + " bytes)");
    }
    buffer.get((int) from, dst, dstOffset, length);
  }

  @Override
  public void flush() throws IOException {
    if (buffer == null || buffer.position() == 0) {
      return;
    }
    int fill = buffer.position();
    int padded = (int) alignUp(fill, align);
    for (int i = fill; i < padded; i++) {
      buffer.put(i, (byte) 0);
    }
    writeOut(padded);
  }

  @Override
  public void writeBack() {
    // each full buffer is already on its way to the disk
  }

  @Override
  public void truncate() throws IOException {
    channel.truncate(0);
    channel.force(true);
    written = 0;
    if (buffer != null) {
      buffer.clear();
    }
  }

  @Override
  public FileChannel channel() {
    return channel;
  }
}
