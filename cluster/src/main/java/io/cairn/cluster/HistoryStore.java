package io.cairn.cluster;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.store.NativeRocks;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The audit history on disk: an embedded RocksDB of its own beside the peer's Raft storage, so
 * the history need not fit in memory and is not rewritten whole by every snapshot.
 *
 * <p>Keys and values are {@link HistoryRecords}' (the {@code 's'} key holds an index: every
 * event of the log up to it is durable here). Values are canonical DAG-CBOR, read strictly
 * ({@link MalformedDataException} naming the record and field; the value's index must be its
 * key's). A CID's binary form is self-delimiting,
 * so no CID's bytes are a prefix of another's, and a CID's events are one key range, in log
 * order, with a batch entry's events of one CID in their order in the entry (the position).
 * A re-applied entry writes the same keys with the same values: applying is idempotent.
 *
 * <p>Writes are not synced (the Raft log is the durable record; after a crash the entries after
 * the last snapshot are applied again); {@link #markDurable} syncs the write-ahead log when a
 * snapshot is taken. Reads need no lock of the state: RocksDB's reads are consistent views.
 */
final class HistoryStore implements Closeable {
  private static final byte CID_EVENT = HistoryRecords.CID_EVENT;
  private static final byte MEMBER_EVENT = HistoryRecords.MEMBER_EVENT;
  private static final byte[] DURABLE_KEY = HistoryRecords.DURABLE_KEY;
  /** Events of one CID per snapshot record, so a record stays far below its size cap. */
  static final int EVENTS_PER_RECORD = 1024;

  private final RocksDB db;
  private final Options options;
  private final WriteOptions unsynced = new WriteOptions().setSync(false);
  private final WriteOptions synced = new WriteOptions().setSync(true);
  /** Reads and writes hold it shared; close holds it exclusively (RocksDB must not be used after close). */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<AutoCloseable> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private boolean closed;

  private HistoryStore(RocksDB db, Options options) {
    this.db = db;
    this.options = options;
  }

  /** Opens (creating if needed) the history under {@code dir}. */
  static HistoryStore open(Path dir) throws IOException {
    NativeRocks.load(); // from the per-machine copy; a no-op when the node's store loaded it already
    Files.createDirectories(dir);
    // small memtables: the history is written a little at a time and read by prefix
    Options options = new Options().setCreateIfMissing(true).setWriteBufferSize(8L << 20)
        .setCompressionType(CompressionType.LZ4_COMPRESSION);
    try {
      return new HistoryStore(RocksDB.open(options, dir.toString()), options);
    } catch (RocksDBException e) {
      options.close();
      throw new IOException("cannot open the cluster's audit history at " + dir + ": " + e.getMessage()
          + " (is another cluster peer using this repository?)", e);
    }
  }

  // ---------------------------------------------------------------- writes

  /** The events of one log entry, written together. */
  final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private int count;

    void add(Cid cid, int position, HistoryEvent e) throws IOException {
      try {
        batch.put(HistoryRecords.cidKey(cid.bytes(), e.index(), position), HistoryRecords.encode(e));
        count++;
      } catch (RocksDBException x) {
        throw failure("stage a history event", x);
      }
    }

    void add(int position, MemberEvent e) throws IOException {
      try {
        batch.put(HistoryRecords.memberKey(e.index(), position), HistoryRecords.encode(e));
        count++;
      } catch (RocksDBException x) {
        throw failure("stage a member event", x);
      }
    }

    /** Writes what was added, unsynced, in one atomic write (nothing if nothing was added). */
    void write() throws IOException {
      if (count == 0) {
        return;
      }
      readLocked(() -> {
        db.write(unsynced, batch);
        return null;
      }, "write history events");
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  Batch batch() {
    return new Batch();
  }

  /** Deletes every event (before a snapshot's history replaces them); not durable until {@link #markDurable}. */
  void clear() throws IOException {
    readLocked(() -> {
      db.put(unsynced, DURABLE_KEY, HistoryRecords.longBytes(-1)); // a crash before the new history is whole reloads it
      db.deleteRange(unsynced, new byte[] {CID_EVENT}, new byte[] {CID_EVENT + 1});
      db.deleteRange(unsynced, new byte[] {MEMBER_EVENT}, new byte[] {MEMBER_EVENT + 1});
      return null;
    }, "clear the history");
  }

  /**
   * Makes every write so far durable (the write-ahead log synced) and records that the history
   * is whole up to log index {@code index}.
   */
  void markDurable(long index) throws IOException {
    readLocked(() -> {
      db.put(synced, DURABLE_KEY, HistoryRecords.longBytes(index)); // a synced write syncs the log before it too
      return null;
    }, "sync the history");
  }

  /** The last {@link #markDurable} index, -1 if none (a new or half-replaced history). */
  long durableThrough() throws IOException {
    byte[] v = readLocked(() -> db.get(DURABLE_KEY), "read the history's marker");
    if (v == null) {
      return -1;
    }
    if (v.length != 8) {
      throw new MalformedDataException("cluster history marker", 0, v.length + " bytes, expected 8");
    }
    return ByteBuffer.wrap(v).getLong();
  }

  // ---------------------------------------------------------------- reads

  /** Every event of {@code cid}, oldest first (a key-prefix scan). */
  List<HistoryEvent> events(Cid cid) throws IOException {
    byte[] prefix = HistoryRecords.cidPrefix(cid.bytes());
    List<HistoryEvent> out = new ArrayList<>();
    try (Cursor c = new Cursor(null, prefix)) {
      while (c.valid()) {
        out.add(c.cidEvent(cid));
        c.next();
      }
    }
    return out;
  }

  /** Every membership change, oldest first. */
  List<MemberEvent> members() throws IOException {
    List<MemberEvent> out = new ArrayList<>();
    try (Cursor c = new Cursor(null, new byte[] {MEMBER_EVENT})) {
      while (c.valid()) {
        out.add(c.memberEvent());
        c.next();
      }
    }
    return out;
  }

  /**
   * Who held what at {@code time}: each CID whose last event at or before {@code time} is not
   * an unpin, in CID byte order, read one CID at a time (times never go backwards along the
   * log, so a CID's scan stops at its first later event and seeks to the next CID).
   */
  HistoryCursor<Holding> stateAt(long time) throws IOException {
    Cursor c = new Cursor(null, new byte[] {CID_EVENT});
    return new HistoryCursor<>() {
      @Override
      public Holding next() throws IOException {
        while (c.valid()) {
          byte[] cidBytes = c.cidBytes();
          Cid cid = HistoryRecords.decodeCid(cidBytes, c.key());
          HistoryEvent last = null;
          while (c.valid() && c.hasCid(cidBytes)) {
            HistoryEvent e = c.cidEvent(cid);
            if (e.time() > time) {
              c.seek(HistoryRecords.cidEnd(cidBytes));
              break;
            }
            last = e;
            c.next();
          }
          if (last != null && last.kind() != HistoryEvent.Kind.UNPINNED) {
            return new Holding(cid, last.allocations());
          }
        }
        return null;
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  /**
   * A frozen view of the whole history (a RocksDB snapshot): later writes do not show in it.
   * For writing a snapshot file while the state goes on; must be closed.
   */
  final class View implements AutoCloseable {
    private final Snapshot snapshot;
    private final ReadOptions reads;

    private View() {
      this.snapshot = db.getSnapshot();
      this.reads = new ReadOptions().setSnapshot(snapshot);
    }

    /**
     * Each CID's events in records of at most {@value #EVENTS_PER_RECORD}, CIDs in byte order;
     * returns how many records were written.
     */
    long writeHistories(SnapshotFile.Writer out) throws IOException {
      long records = 0;
      try (Cursor c = new Cursor(reads, new byte[] {CID_EVENT})) {
        List<HistoryEvent> chunk = new ArrayList<>();
        Cid current = null;
        byte[] currentBytes = null;
        while (c.valid()) {
          if (currentBytes == null || !c.hasCid(currentBytes)) {
            if (!chunk.isEmpty()) {
              out.history(current, chunk);
              records++;
              chunk.clear();
            }
            currentBytes = c.cidBytes();
            current = HistoryRecords.decodeCid(currentBytes, c.key());
          }
          chunk.add(c.cidEvent(current));
          if (chunk.size() == EVENTS_PER_RECORD) {
            out.history(current, chunk);
            records++;
            chunk.clear();
          }
          c.next();
        }
        if (!chunk.isEmpty()) {
          out.history(current, chunk);
          records++;
        }
      }
      return records;
    }

    /** Every membership event; returns how many. */
    long writeMembers(SnapshotFile.Writer out) throws IOException {
      long n = 0;
      try (Cursor c = new Cursor(reads, new byte[] {MEMBER_EVENT})) {
        while (c.valid()) {
          out.member(c.memberEvent());
          n++;
          c.next();
        }
      }
      return n;
    }

    @Override
    public void close() {
      lock.readLock().lock();
      try {
        if (!closed) {
          db.releaseSnapshot(snapshot);
        }
        reads.close();
        open.remove(this);
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  View view() throws IOException {
    lock.readLock().lock();
    try {
      checkOpen();
      View v = new View();
      open.add(v);
      return v;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A RocksDB iterator over one key prefix, closed with the store at the latest. */
  private final class Cursor implements AutoCloseable {
    private final RocksIterator it;
    private final byte[] prefix;

    Cursor(ReadOptions reads, byte[] prefix) throws IOException {
      this.prefix = prefix;
      lock.readLock().lock();
      try {
        checkOpen();
        it = reads == null ? db.newIterator() : db.newIterator(reads);
        open.add(this);
      } finally {
        lock.readLock().unlock();
      }
      seek(prefix);
    }

    void seek(byte[] key) throws IOException {
      readLocked(() -> {
        it.seek(key);
        return null;
      }, "read the history");
    }

    void next() throws IOException {
      readLocked(() -> {
        it.next();
        return null;
      }, "read the history");
    }

    boolean valid() throws IOException {
      return readLocked(() -> {
        if (!it.isValid()) {
          it.status(); // an I/O error ends the scan with it, not silently
          return false;
        }
        return HistoryRecords.startsWith(it.key(), prefix);
      }, "read the history");
    }

    byte[] key() throws IOException {
      return readLocked(it::key, "read the history");
    }

    byte[] value() throws IOException {
      return readLocked(it::value, "read the history");
    }

    /** The CID bytes of the current 'h' key. */
    byte[] cidBytes() throws IOException {
      byte[] k = key();
      if (k.length < 1 + 12 + 2) {
        throw new MalformedDataException("cluster history key", 0, "only " + k.length + " bytes");
      }
      return Arrays.copyOfRange(k, 1, k.length - 12);
    }

    boolean hasCid(byte[] cidBytes) throws IOException {
      byte[] k = key();
      return k.length == 1 + cidBytes.length + 12 && Arrays.equals(k, 1, 1 + cidBytes.length, cidBytes, 0, cidBytes.length);
    }

    HistoryEvent cidEvent(Cid cid) throws IOException {
      byte[] k = key();
      long index = ByteBuffer.wrap(k, k.length - 12, 8).getLong();
      return HistoryRecords.decodeEvent("cluster history record " + cid + "@" + index, index, value());
    }

    MemberEvent memberEvent() throws IOException {
      byte[] k = key();
      if (k.length != 13) {
        throw new MalformedDataException("cluster member history key", 0, k.length + " bytes, expected 13");
      }
      long index = ByteBuffer.wrap(k, 1, 8).getLong();
      return HistoryRecords.decodeMember("cluster member record @" + index, index, value());
    }

    @Override
    public void close() {
      lock.readLock().lock();
      try {
        if (!closed) {
          it.close();
        }
        open.remove(this);
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  /** For tests: writes raw bytes under a CID event's key (as a damaged disk would leave them). */
  void putRaw(byte[] key, byte[] value) throws IOException {
    readLocked(() -> {
      db.put(unsynced, key, value);
      return null;
    }, "write");
  }

  // ---------------------------------------------------------------- lifecycle

  private interface RocksCall<T> {
    T run() throws RocksDBException, IOException;
  }

  private <T> T readLocked(RocksCall<T> call, String what) throws IOException {
    lock.readLock().lock();
    try {
      checkOpen();
      return call.run();
    } catch (RocksDBException e) {
      throw failure(what, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the cluster's audit history is closed (the peer is shutting down)");
    }
  }

  private static IOException failure(String what, RocksDBException e) {
    return new IOException("cannot " + what + " in the cluster's audit history: " + e.getMessage(), e);
  }

  /** Flushes the memtable (a clean close needs no log replay) and closes; open cursors are closed first. */
  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      for (AutoCloseable c : List.copyOf(open)) {
        if (c instanceof Cursor cursor) {
          cursor.it.close();
        } else if (c instanceof View v) {
          db.releaseSnapshot(v.snapshot);
        }
      }
      open.clear();
      closed = true;
      try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
        db.flush(f);
      } catch (RocksDBException e) {
        // the write-ahead log still holds everything: the next open replays it
      }
      db.close();
      options.close();
      unsynced.close();
      synced.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
