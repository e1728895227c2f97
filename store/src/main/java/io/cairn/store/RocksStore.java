package io.cairn.store;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Blocks and pins in RocksDB: column family {@code blocks} (multihash → bytes, large values
 * in blob files, no compression: block data is mostly compressed already) and {@code pins}
 * (CID → DAG-CBOR record). Writes go through the write-ahead log; a synced write makes it and
 * every earlier write durable.
 */
public final class RocksStore extends AbstractStore {
  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions blockOptions;
  private final ColumnFamilyOptions pinOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultFamily;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle pins;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  /** Blocks skip the log: they are made durable by a flush before anything refers to them. */
  private final WriteOptions blockWrite = new WriteOptions().setDisableWAL(true);
  private final FlushOptions flushWait = new FlushOptions().setWaitForFlush(true);

  private RocksStore(Path dir) throws IOException {
    super(dir.toString());
    Files.createDirectories(dir);
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setParanoidChecks(true)
        // Replaying the log into memory instead of new files lets a repository whose disk filled
        // up open again (to run gc and free space) without needing space first.
        .setAvoidFlushDuringRecovery(true);
    blockOptions = new ColumnFamilyOptions().setEnableBlobFiles(true).setMinBlobSize(4096)
        .setCompressionType(CompressionType.NO_COMPRESSION).setBlobCompressionType(CompressionType.NO_COMPRESSION)
        .setWriteBufferSize(64L << 20)
        .setEnableBlobGarbageCollection(true).setBlobGarbageCollectionAgeCutoff(1.0);
    pinOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> families = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, new ColumnFamilyOptions()),
        new ColumnFamilyDescriptor("blocks".getBytes(), blockOptions),
        new ColumnFamilyDescriptor("pins".getBytes(), pinOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = RocksDB.open(dbOptions, dir.toString(), families, handles);
    } catch (RocksDBException e) {
      throw new IOException("cannot open the datastore at " + dir + ": " + e.getMessage(), e);
    }
    defaultFamily = handles.get(0);
    blocks = handles.get(1);
    pins = handles.get(2);
  }

  /** Opens (creating if needed) the database in {@code dir}. */
  public static RocksStore open(Path dir) throws IOException {
    return new RocksStore(dir);
  }

  @Override
  byte[] read(Cid cid) throws IOException {
    try {
      return db.get(blocks, cid.multihash().bytes());
    } catch (RocksDBException e) {
      throw io("read block " + cid, e);
    }
  }

  /**
   * Blocks are written without the write-ahead log (writing every byte twice halved the add
   * rate) and made durable by flushing the memtable to blob and table files, which RocksDB
   * syncs. Only then are the pins written, through the log and synced. A crash before the
   * flush loses unpinned blocks, never a pin's blocks.
   */
  @Override
  void write(Map<byte[], byte[]> newBlocks, List<Pin> newPins, boolean sync) throws IOException {
    try {
      if (!newBlocks.isEmpty()) {
        try (WriteBatch wb = new WriteBatch()) {
          for (Map.Entry<byte[], byte[]> e : newBlocks.entrySet()) {
            wb.put(blocks, e.getKey(), e.getValue());
          }
          db.write(blockWrite, wb);
        }
      }
      if (sync) {
        db.flush(flushWait, blocks);
      }
      if (!newPins.isEmpty()) {
        try (WriteBatch wb = new WriteBatch()) {
          for (Pin p : newPins) {
            wb.put(pins, p.cid().bytes(), p.encodeValue());
          }
          db.write(syncWrite, wb);
        }
      }
    } catch (RocksDBException e) {
      throw io("write " + newBlocks.size() + " blocks", e);
    }
  }

  @Override
  public boolean delete(Multihash multihash) throws IOException {
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

  /** Compacts the blocks (and their blob files), so space freed by GC goes back to the disk. */
  @Override
  public void compact() throws IOException {
    try {
      db.compactRange(blocks);
    } catch (RocksDBException e) {
      throw io("compact", e);
    }
  }

  /** Estimated number of stored blocks (RocksDB's own estimate; exact after compaction). */
  public long estimatedBlockCount() throws IOException {
    try {
      return db.getLongProperty(blocks, "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      throw io("read statistics", e);
    }
  }

  /** Bytes the database takes on disk (SST and blob files). */
  public long diskBytes() throws IOException {
    try {
      return db.getLongProperty(blocks, "rocksdb.total-sst-files-size") + db.getLongProperty(blocks, "rocksdb.total-blob-file-size");
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

  @Override
  public void close() {
    syncWrite.close();
    blockWrite.close();
    flushWait.close();
    blocks.close();
    pins.close();
    defaultFamily.close();
    db.close();
    dbOptions.close();
    blockOptions.close();
    pinOptions.close();
  }
}
