package io.cairn.store;

import io.cairn.codec.ByteReader;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multihash;
import io.cairn.codec.Varint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Blocks and pins: block bytes of {@value #INLINE_MAX} bytes or more are appended to
 * {@link PackFiles} (written once, sequentially); RocksDB holds the index — column family
 * {@code blocks}: multihash → {@code 00 ‖ bytes} (small blocks, inline) or
 * {@code 01 ‖ varint(pack) ‖ varint(offset) ‖ varint(length)} — {@code pins}
 * (CID → DAG-CBOR record) and {@code meta} (the node's own records, e.g. {@code sync}'s, changed
 * only in a commit's write, atomically with its pins).
 *
 * <p>Durability order: pack bytes are synced before any index entry that points at them is
 * written, and a commit writes its remaining index entries together with its pins in one
 * synced log write. So after a crash every index entry points at durable bytes and every pin
 * at indexed blocks; what a crash can leave is unreferenced bytes at a pack's end.
 */
public final class RocksStore extends AbstractStore {
  static {
    NativeRocks.load();
  }

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions blockOptions;
  private final ColumnFamilyOptions pinOptions;
  private final ColumnFamilyOptions metaOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultFamily;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle pins;
  private final ColumnFamilyHandle meta;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final WriteOptions logWrite = new WriteOptions().setSync(false);
  private final PackFiles packs;
  /** Index entries whose pack bytes are not synced yet; written at the next checkpoint. */
  private final Map<Multihash, byte[]> pendingIndex = new LinkedHashMap<>();
  private long unsyncedBytes;
  private long unflushedBytes;

  /** Blocks smaller than this live in the index itself. */
  static final int INLINE_MAX = 4096;
  /** Pack bytes are synced and their index entries written every this many bytes. */
  static final long CHECKPOINT_BYTES = 1L << 30;
  /**
   * Every this many pack bytes, the writer asks the disk to write them out (not a durability
   * point): the final sync of a large add then has little left to flush, and the disk works
   * while the importer hashes.
   */
  static final long WRITE_BACK_BYTES = 64L << 20;

  private RocksStore(Path dir) throws IOException {
    super(dir.toString());
    Files.createDirectories(dir);
    packs = new PackFiles(dir.resolve("packs"));
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setParanoidChecks(true)
        // Replaying the log into memory instead of new files lets a repository whose disk filled
        // up open again (to run gc and free space) without needing space first.
        .setAvoidFlushDuringRecovery(true);
    blockOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setWriteBufferSize(64L << 20);
    pinOptions = new ColumnFamilyOptions();
    metaOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
    List<ColumnFamilyDescriptor> families = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, new ColumnFamilyOptions()),
        new ColumnFamilyDescriptor("blocks".getBytes(), blockOptions),
        new ColumnFamilyDescriptor("pins".getBytes(), pinOptions),
        new ColumnFamilyDescriptor("meta".getBytes(), metaOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = RocksDB.open(dbOptions, dir.resolve("index").toString(), families, handles);
    } catch (RocksDBException e) {
      throw new IOException("cannot open the datastore at " + dir + ": " + e.getMessage(), e);
    }
    defaultFamily = handles.get(0);
    blocks = handles.get(1);
    pins = handles.get(2);
    meta = handles.get(3);
  }

  /** Opens (creating if needed) the database in {@code dir}. */
  public static RocksStore open(Path dir) throws IOException {
    return new RocksStore(dir);
  }

  /**
   * Reads a block. Reads take no lock: when GC compaction moves the block and deletes its old
   * pack between the index lookup and the pack read, the read finds the pack gone (or its
   * channel closed) and looks the block up again at its new place.
   */
  @Override
  byte[] read(Cid cid) throws IOException {
    byte[] v = indexEntry(cid);
    afterIndexLookup.run();
    for (int attempt = 0; ; attempt++) {
      if (v == null) {
        return null;
      }
      try {
        byte[] data = value(v);
        if (data != null || attempt == 2) {
          return data;
        }
      } catch (java.nio.channels.ClosedChannelException e) {
        if (attempt == 2) {
          throw e;
        }
      }
      byte[] again = indexEntry(cid);
      if (again != null && java.util.Arrays.equals(again, v)) {
        return value(again); // not moved: the block really is missing (repo verify reports it)
      }
      v = again;
    }
  }

  /** Answered from the index alone: the block's bytes are not read. */
  @Override
  public boolean has(Cid cid) throws IOException {
    return cid.isIdentity() || indexEntry(cid) != null;
  }

  /** Answered from the index alone: a pack entry records the block's length. */
  @Override
  public Optional<Integer> blockSize(Cid cid) throws IOException {
    if (cid.isIdentity()) {
      return Optional.of(cid.multihash().digestLength());
    }
    byte[] v = indexEntry(cid);
    if (v == null) {
      return Optional.empty();
    }
    if (v.length > 0 && v[0] == 0) {
      return Optional.of(v.length - 1);
    }
    return Optional.of(location(v).length());
  }

  /** Runs between a read's index lookup and its pack read: lets tests put a compaction there. */
  Runnable afterIndexLookup = () -> {};

  private byte[] indexEntry(Cid cid) throws IOException {
    byte[] v;
    synchronized (this) {
      v = pendingIndex.get(cid.multihash());
    }
    try {
      return v != null ? v : db.get(blocks, cid.multihash().bytes());
    } catch (RocksDBException e) {
      throw io("read block " + cid, e);
    }
  }

  private byte[] value(byte[] v) throws IOException {
    if (v.length > 0 && v[0] == 0) {
      return java.util.Arrays.copyOfRange(v, 1, v.length);
    }
    PackFiles.Location loc = location(v);
    return loc == null ? null : packs.read(loc);
  }

  private static PackFiles.Location location(byte[] v) throws MalformedDataException {
    if (v.length == 0 || v[0] != 1) {
      throw new MalformedDataException("block index entry", 0, "unknown entry type");
    }
    ByteReader r = ByteReader.of(v, 1, v.length);
    return new PackFiles.Location(r.readVarintInt("pack"), r.readVarint("offset"), r.readVarintInt("length"));
  }

  private static byte[] pointer(PackFiles.Location loc) {
    byte[] out = new byte[1 + Varint.size(loc.pack()) + Varint.size(loc.offset()) + Varint.size(loc.length())];
    out[0] = 1;
    int p = Varint.write(loc.pack(), out, 1);
    p = Varint.write(loc.offset(), out, p);
    Varint.write(loc.length(), out, p);
    return out;
  }

  private static byte[] inline(byte[] data) {
    byte[] out = new byte[data.length + 1];
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  @Override
  void write(List<io.cairn.codec.Block> newBlocks, Changes changes, boolean sync) throws IOException {
    if (writeLocked(newBlocks, changes, sync)) {
      packs.writeBack(); // outside the lock: reads are not held up while the disk catches up
    }
  }

  /** Appends and indexes; true when enough pack bytes are unflushed to start their write-back. */
  private synchronized boolean writeLocked(List<io.cairn.codec.Block> newBlocks, Changes changes, boolean sync)
      throws IOException {
    if (!sync && !changes.isEmpty()) {
      throw new IllegalArgumentException("pins and metadata are only written with a synced write");
    }
    try {
      for (io.cairn.codec.Block b : newBlocks) {
        Multihash mh = b.cid().multihash();
        if (pendingIndex.containsKey(mh) || db.get(blocks, mh.bytes()) != null) {
          continue; // already stored: adding the same data again costs no space
        }
        if (b.size() < INLINE_MAX) {
          pendingIndex.put(mh, inline(b.data()));
        } else {
          pendingIndex.put(mh, pointer(packs.append(b)));
          unsyncedBytes += b.size();
          unflushedBytes += b.size();
        }
      }
      if (sync || unsyncedBytes >= CHECKPOINT_BYTES) {
        packs.sync(); // the bytes first, then the entries that point at them
        try (WriteBatch wb = new WriteBatch()) {
          for (Map.Entry<Multihash, byte[]> e : pendingIndex.entrySet()) {
            wb.put(blocks, e.getKey().bytes(), e.getValue());
          }
          for (io.cairn.codec.Cid c : changes.unpins()) {
            wb.delete(pins, c.bytes());
          }
          for (Pin p : changes.pins()) {
            wb.put(pins, p.cid().bytes(), p.encodeValue());
          }
          for (Changes.Meta m : changes.meta()) {
            if (m.value() == null) {
              wb.delete(meta, m.key());
            } else {
              wb.put(meta, m.key(), m.value());
            }
          }
          db.write(sync ? syncWrite : logWrite, wb);
        }
        pendingIndex.clear();
        unsyncedBytes = 0;
      }
      if (sync) {
        unflushedBytes = 0;
      } else if (unflushedBytes >= WRITE_BACK_BYTES) {
        unflushedBytes = 0;
        return true;
      }
      return false;
    } catch (RocksDBException e) {
      throw io("write " + newBlocks.size() + " blocks", e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left")) {
        throw new IOException("the disk is full (could not write blocks); free space and retry — nothing was pinned", e);
      }
      throw e;
    }
  }

  @Override
  public synchronized boolean delete(Multihash multihash) throws IOException {
    if (pendingIndex.remove(multihash) != null) {
      return true;
    }
    try {
      byte[] key = multihash.bytes();
      if (db.get(blocks, key) == null) {
        return false;
      }
      db.delete(blocks, syncWrite, key);
      return true;
    } catch (RocksDBException e) {
      throw io("delete block " + multihash, e);
    }
  }

  @Override
  public void forEachKey(Consumer<Multihash> action) throws IOException {
    List<Multihash> pending;
    synchronized (this) {
      pending = new ArrayList<>(pendingIndex.keySet());
    }
    pending.forEach(action);
    try (RocksIterator it = db.newIterator(blocks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        action.accept(Multihash.decode(it.key()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw io("list blocks", e);
    }
  }

  @Override
  public Optional<Pin> pin(Cid cid) throws IOException {
    try {
      byte[] v = db.get(pins, cid.bytes());
      return v == null ? Optional.empty() : Optional.of(Pin.decode(cid.bytes(), v));
    } catch (RocksDBException e) {
      throw io("read pin " + cid, e);
    }
  }

  @Override
  public List<Pin> pins() throws IOException {
    List<Pin> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(pins)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(Pin.decode(it.key(), it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw io("list pins", e);
    }
    return out;
  }

  @Override
  public Optional<byte[]> meta(byte[] key) throws IOException {
    try {
      return Optional.ofNullable(db.get(meta, key));
    } catch (RocksDBException e) {
      throw io("read metadata", e);
    }
  }

  @Override
  public void forEachMeta(byte[] prefix, java.util.function.BiConsumer<byte[], byte[]> action) throws IOException {
    try (RocksIterator it = db.newIterator(meta)) {
      for (it.seek(prefix); it.isValid() && Changes.startsWith(it.key(), prefix); it.next()) {
        action.accept(it.key(), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw io("list metadata", e);
    }
  }

  @Override
  public boolean removePin(Cid cid) throws IOException {
    try {
      if (db.get(pins, cid.bytes()) == null) {
        return false;
      }
      db.delete(pins, syncWrite, cid.bytes());
      return true;
    } catch (RocksDBException e) {
      throw io("remove pin " + cid, e);
    }
  }

  /**
   * Gives back the space of deleted blocks: packs less than half live (the current one too,
   * after starting a new one) have their live blocks copied to the current pack (synced, then
   * re-indexed) and are deleted; a current pack with nothing live is emptied. Runs under the
   * GC lock, so no add is in progress.
   */
  @Override
  public synchronized void compact() throws IOException {
    Map<Integer, Long> live = new java.util.HashMap<>();
    try (RocksIterator it = db.newIterator(blocks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] v = it.value();
        if (v.length > 0 && v[0] == 1) {
          PackFiles.Location loc = location(v);
          live.merge(loc.pack(), (long) loc.length(), Long::sum);
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw io("scan the block index", e);
    }
    int current = packs.currentId();
    List<Integer> doomed = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : packs.sizes().entrySet()) {
      long liveBytes = live.getOrDefault(e.getKey(), 0L);
      if (e.getKey() == current) {
        if (liveBytes == 0 && e.getValue() > 0) {
          packs.truncateCurrent();
        } else if (liveBytes * 2 < e.getValue()) {
          packs.rotate(); // its live blocks move to a fresh pack, then it goes
          doomed.add(e.getKey());
        }
      } else if (liveBytes * 2 < e.getValue()) {
        doomed.add(e.getKey());
      }
    }
    if (doomed.isEmpty()) {
      return;
    }
    java.util.Set<Integer> moving = new java.util.HashSet<>(doomed);
    Map<byte[], byte[]> moved = new LinkedHashMap<>();
    try (RocksIterator it = db.newIterator(blocks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] v = it.value();
        if (v.length > 0 && v[0] == 1 && moving.contains(location(v).pack())) {
          byte[] data = packs.read(location(v));
          if (data != null) {
            moved.put(it.key(), pointer(packs.append(data)));
          }
        }
      }
      it.status();
      packs.sync();
      try (WriteBatch wb = new WriteBatch()) {
        for (Map.Entry<byte[], byte[]> e : moved.entrySet()) {
          wb.put(blocks, e.getKey(), e.getValue());
        }
        db.write(syncWrite, wb);
      }
    } catch (RocksDBException e) {
      throw io("move live blocks", e);
    }
    for (int id : doomed) {
      packs.remove(id);
    }
  }

  /** Starts a new pack file (for tests that need blocks spread over several packs). */
  synchronized void rotatePack() throws IOException {
    packs.rotate();
  }

  /** Estimated number of stored blocks (RocksDB's own estimate; exact after compaction). */
  public long estimatedBlockCount() throws IOException {
    try {
      return db.getLongProperty(blocks, "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      throw io("read statistics", e);
    }
  }

  /** Bytes the store takes on disk (packs, index tables and blob files). */
  public long diskBytes() throws IOException {
    try {
      return packs.totalBytes() + db.getLongProperty(blocks, "rocksdb.total-sst-files-size")
          + db.getLongProperty(blocks, "rocksdb.total-blob-file-size");
    } catch (RocksDBException e) {
      throw io("read statistics", e);
    }
  }

  private static IOException io(String what, RocksDBException e) {
    String status = e.getStatus() != null ? e.getStatus().getCodeString() : "";
    if (status.contains("NoSpace") || String.valueOf(e.getMessage()).contains("No space left")) {
      return new IOException("the disk is full (could not " + what + "); free space and retry — nothing was pinned", e);
    }
    if (e.getMessage() != null && e.getMessage().contains("Corruption")) {
      return new MalformedDataException("datastore", -1, "RocksDB reports corruption while trying to " + what + ": " + e.getMessage(), e);
    }
    return new IOException("datastore error (could not " + what + "): " + e.getMessage(), e);
  }

  /**
   * Memtables holding this much at close are written to tables first: RocksDB replays the log
   * of unflushed writes into memory at every open (see {@code avoid_flush_during_recovery}), and
   * after a large add that log is tens of MB, which every later command would replay at start.
   */
  static final long FLUSH_AT_CLOSE_BYTES = 8L << 20;

  private void flushLargeMemtables() {
    try {
      long held = 0;
      for (ColumnFamilyHandle h : List.of(blocks, pins, meta)) {
        held += db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables");
      }
      if (held >= FLUSH_AT_CLOSE_BYTES) {
        try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
          db.flush(fo, List.of(blocks, pins, meta));
        }
      }
    } catch (RocksDBException e) {
      // e.g. the disk is full: the log stays and is replayed at the next open, as without the flush
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flushLargeMemtables();
      packs.close();
    } finally { // a failed last sync (a full disk) still lets the index go: its lock with it
      closeIndex();
    }
  }

  private void closeIndex() {
    syncWrite.close();
    logWrite.close();
    blocks.close();
    pins.close();
    meta.close();
    defaultFamily.close();
    db.close();
    dbOptions.close();
    blockOptions.close();
    pinOptions.close();
    metaOptions.close();
  }
}
