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
 *
 * <p>The pack being written is appended to around the page cache where the filesystem allows
 * it ({@link DirectAppender}), else through it ({@link BufferedAppender}); {@code
 * -Dcairn.store.directIo=false} asks for the page cache. Reads go through channels of their
 * own and take no lock, except for bytes appended but not yet in the file.
 */
final class PackFiles implements Closeable {
  /** A pack grows to about this size before a new one is started. */
  static final long MAX_PACK = 1L << 30;

  /** Where a block lies. */
  record Location(int pack, long offset, int length) {}

  private final Path dir;
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
  /** Whether to try {@code O_DIRECT}; cleared when the filesystem refuses it. */
  private boolean direct;
  private volatile PackAppender current;
  private volatile int currentId;
  /** Packs written since the last sync (the current one and any rotated away). */
  private final Map<Integer, PackAppender> unsynced = new TreeMap<>();

  PackFiles(Path dir) throws IOException {
    this(dir, !"false".equals(System.getProperty("cairn.store.directIo")));
  }

  PackFiles(Path dir, boolean direct) throws IOException {
    this.dir = dir;
    this.direct = direct;
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
    PackAppender a = direct ? DirectAppender.open(path(id)) : null;
    if (a == null) {
      direct = false;
      a = new BufferedAppender(path(id));
    }
    currentId = id;
    current = a;
  }

  synchronized int currentId() {
    return currentId;
  }

  /** Whether the pack being written bypasses the page cache. */
  synchronized boolean direct() {
    return current instanceof DirectAppender;
  }

  /** Appends a block's bytes to the current pack (not yet durable: see {@link #sync}). */
  synchronized Location append(io.cairn.codec.Block block) throws IOException {
    return append(block.asByteBuffer()); // the block's own array: copied only into a direct pack's buffer
  }

  /** Appends bytes read back from a pack (moving a live block during compaction). */
  synchronized Location append(byte[] data) throws IOException {
    return append(ByteBuffer.wrap(data));
  }

  private Location append(ByteBuffer bytes) throws IOException {
    if (current.end() >= MAX_PACK) {
      rotate();
    }
    int length = bytes.remaining();
    long at = current.append(bytes);
    unsynced.put(currentId, current);
    return new Location(currentId, at, length);
  }

  /** Starts a new current pack; the old one is synced and closed at the next sync. */
  synchronized void rotate() throws IOException {
    current.flush();
    unsynced.put(currentId, current);
    open(currentId + 1);
  }

  /**
   * Has the disk write out the current pack's appended bytes now, outside this object's lock.
   * Only a head start for {@link #sync}: what it flushes is not relied on until sync runs.
   */
  void writeBack() throws IOException {
    try {
      current.writeBack();
    } catch (java.nio.channels.ClosedChannelException e) {
      // rotated and closed meanwhile: sync already made it durable
    }
  }

  /** Makes every append so far durable. */
  synchronized void sync() throws IOException {
    for (var it = unsynced.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, PackAppender> e = it.next();
      PackAppender a = e.getValue();
      a.flush();
      a.channel().force(false);
      if (e.getKey() != currentId) {
        a.close();
      }
      it.remove(); // one that failed stays, to be tried again by the next sync
    }
  }

  byte[] read(Location loc) throws IOException {
    if (loc.pack() == currentId && loc.offset() + loc.length() > current.inFile()) {
      byte[] pending = readPending(loc);
      if (pending != null) {
        return pending;
      }
    }
    FileChannel ch = reader(loc.pack());
    if (ch == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(loc.length());
    return readFully(ch, b, loc.offset()) ? b.array() : null;
  }

  /**
   * A block appended but not all in the file yet (its index entry not synced): the part in the
   * file is read from it, the rest copied from the appender. Null when it has been written out
   * meanwhile (or the pack is no longer current): the caller reads the file.
   */
  private synchronized byte[] readPending(Location loc) throws IOException {
    long inFile = current.inFile();
    if (loc.pack() != currentId || loc.offset() + loc.length() <= inFile) {
      return null;
    }
    byte[] out = new byte[loc.length()];
    int head = (int) Math.max(0, Math.min(loc.length(), inFile - loc.offset()));
    if (head > 0) {
      FileChannel ch = reader(loc.pack());
      if (ch == null || !readFully(ch, ByteBuffer.wrap(out, 0, head), loc.offset())) {
        return null;
      }
    }
    current.copyPending(loc.offset() + head, out, head, loc.length() - head);
    return out;
  }

  /** Reads until {@code b} is full; false when the file ends first. */
  private static boolean readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        return false; // the pack ends before the block: treated as missing (and reported by verify)
      }
      pos += n;
    }
    return true;
  }

  /** A read channel on pack {@code id}, opened once; null when there is no such pack. */
  private FileChannel reader(int id) throws IOException {
    FileChannel ch = readers.get(id);
    if (ch == null) {
      synchronized (this) {
        ch = readers.get(id);
        if (ch == null) {
          Path p = path(id);
          if (!Files.exists(p)) {
            return null;
          }
          ch = FileChannel.open(p, StandardOpenOption.READ);
          readers.put(id, ch);
        }
      }
    }
    return ch;
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
    current.truncate();
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
    try {
      sync(); // on a full disk this can fail: what it could not write no index entry points at
    } finally {
      for (PackAppender a : unsynced.values()) {
        if (a != current) {
          a.close();
        }
      }
      unsynced.clear();
      current.close();
      for (FileChannel c : readers.values()) {
        c.close();
      }
      readers.clear();
    }
  }
}
