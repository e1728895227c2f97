package io.cairn.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Append-only files holding block bytes, one after another ({@code packs/000001.pack}, …).
 * Blocks are written once, sequentially, at the speed of a file copy; the index in RocksDB
 * says where each block lies. A pack is only ever appended to, and an index entry is only
 * written once the bytes it points at are synced, so a crash leaves at worst unreferenced
 * bytes at a pack's end. Space of deleted blocks comes back when {@link #remove} drops a
 * pack whose live blocks were moved.
 */
final class PackFiles implements Closeable {
  /** A pack grows to about this size before a new one is started. */
  static final long MAX_PACK = 1L << 30;

  /** Where a block lies. */
  record Location(int pack, long offset, int length) {}

  private final Path dir;
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
  private FileChannel current;
  private java.io.OutputStream currentOut;
  private int currentId;
  private long currentSize;
  /** Packs written since the last sync (the current one and any rotated away). */
  private final Map<Integer, FileChannel> unsynced = new TreeMap<>();

  PackFiles(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    int last = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pack")) {
      for (Path p : ds) {
        last = Math.max(last, idOf(p));
      }
    }
    open(last == 0 ? 1 : last);
  }

  private static int idOf(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(0, n.length() - ".pack".length()));
  }

  private Path path(int id) {
    return dir.resolve(String.format("%06d.pack", id));
  }

  private void open(int id) throws IOException {
    current = FileChannel.open(path(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    currentOut = java.nio.channels.Channels.newOutputStream(current);
    currentId = id;
    currentSize = current.size();
  }

  synchronized int currentId() {
    return currentId;
  }

  /** Appends a block's bytes to the current pack (not yet durable: see {@link #sync}). */
  synchronized Location append(io.cairn.codec.Block block) throws IOException {
    rotateIfFull();
    long at = currentSize;
    current.position(at);
    block.writeTo(currentOut); // straight from the block's array, no copy of our own
    currentSize = at + block.size();
    unsynced.put(currentId, current);
    return new Location(currentId, at, block.size());
  }

  /** Appends bytes read back from a pack (moving a live block during compaction). */
  synchronized Location append(byte[] data) throws IOException {
    rotateIfFull();
    long at = currentSize;
    ByteBuffer b = ByteBuffer.wrap(data);
    long pos = at;
    while (b.hasRemaining()) {
      pos += current.write(b, pos);
    }
    currentSize = pos;
    unsynced.put(currentId, current);
    return new Location(currentId, at, data.length);
  }

  private void rotateIfFull() throws IOException {
    if (currentSize >= MAX_PACK) {
      rotate();
    }
  }

  /** Starts a new current pack; the old one is synced and closed at the next sync. */
  synchronized void rotate() throws IOException {
    unsynced.put(currentId, current);
    open(currentId + 1);
  }

  /**
   * Has the disk write out the current pack's appended bytes now, outside this object's lock.
   * Only a head start for {@link #sync}: what it flushes is not relied on until sync runs.
   */
  void writeBack() throws IOException {
    FileChannel ch;
    synchronized (this) {
      ch = current;
    }
    try {
      ch.force(false);
    } catch (java.nio.channels.ClosedChannelException e) {
      // rotated and closed meanwhile: sync already made it durable
    }
  }

  /** Makes every append so far durable. */
  synchronized void sync() throws IOException {
    for (Map.Entry<Integer, FileChannel> e : unsynced.entrySet()) {
      e.getValue().force(false);
      if (e.getKey() != currentId) {
        e.getValue().close();
      }
    }
    unsynced.clear();
  }

  byte[] read(Location loc) throws IOException {
    FileChannel ch = readers.get(loc.pack());
    if (ch == null) {
      synchronized (this) {
        ch = readers.get(loc.pack());
        if (ch == null) {
          Path p = path(loc.pack());
          if (!Files.exists(p)) {
            return null;
          }
          ch = FileChannel.open(p, StandardOpenOption.READ);
          readers.put(loc.pack(), ch);
        }
      }
    }
    ByteBuffer b = ByteBuffer.allocate(loc.length());
    long pos = loc.offset();
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        return null; // the pack ends before the block: treated as missing (and reported by verify)
      }
      pos += n;
    }
    return b.array();
  }

  /** Size of every pack file, by id. */
  synchronized Map<Integer, Long> sizes() throws IOException {
    Map<Integer, Long> out = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pack")) {
      for (Path p : ds) {
        out.put(idOf(p), Files.size(p));
      }
    }
    return out;
  }

  /** Deletes a pack that no index entry points into any more (never the current one). */
  synchronized void remove(int id) throws IOException {
    if (id == currentId) {
      throw new IllegalStateException("the current pack is still being written");
    }
    FileChannel r = readers.remove(id);
    if (r != null) {
      r.close();
    }
    Files.deleteIfExists(path(id));
  }

  /** Empties the current pack when nothing in it is referenced any more. */
  synchronized void truncateCurrent() throws IOException {
    current.truncate(0);
    current.force(true);
    currentSize = 0;
    FileChannel r = readers.remove(currentId);
    if (r != null) {
      r.close();
    }
  }

  synchronized long totalBytes() throws IOException {
    return sizes().values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public synchronized void close() throws IOException {
    sync();
    current.close();
    for (FileChannel c : readers.values()) {
      c.close();
    }
    readers.clear();
  }
}
