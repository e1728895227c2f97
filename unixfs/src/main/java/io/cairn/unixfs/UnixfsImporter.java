package io.cairn.unixfs;

import io.cairn.codec.BlockSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns files, symlinks and directories into UnixFS DAGs whose CIDs match Kubo's and the JS
 * reference importer's for the same {@link ImportOptions}. Blocks go to the sink as they are
 * made, children before parents. Files stream through in bounded memory; chunks are hashed on
 * several threads. Building a tree is the caller's walk: import the children, then
 * {@link #directory} over them.
 *
 * <p>Not thread-safe: one import at a time per instance.
 */
public final class UnixfsImporter implements AutoCloseable {
  private final NodeWriter writer;
  private final ExecutorService executor;
  private final FileImporter files;
  private final DirectoryBuilder directories;

  public UnixfsImporter(ImportOptions options, BlockSink sink) {
    this(options, sink, Runtime.getRuntime().availableProcessors());
  }

  public UnixfsImporter(ImportOptions options, BlockSink sink, int hashThreads) {
    this.writer = new NodeWriter(Objects.requireNonNull(options, "options"), Objects.requireNonNull(sink, "sink"));
    this.executor = Executors.newFixedThreadPool(Math.max(1, hashThreads), r -> {
      Thread t = new Thread(r, "cairn-hash");
      t.setDaemon(true);
      return t;
    });
    // Two chunks in flight per thread keeps every core busy while the reader refills.
    this.files = new FileImporter(writer, executor, 2 * Math.max(1, hashThreads) + 1);
    this.directories = new DirectoryBuilder(writer);
  }

  public ImportOptions options() {
    return writer.options();
  }

  /** Imports a file's bytes; {@code meta} is recorded on the file's root node. */
  public ImportedNode file(InputStream in, Metadata meta) throws IOException {
    return files.importFile(Objects.requireNonNull(in, "in"), Objects.requireNonNull(meta, "meta"));
  }

  /**
   * Imports a file whose bytes are all in hand without touching the sink: the blocks are kept
   * with the node, for {@link #put} to store later. Unlike the rest of this class, safe to call
   * from several threads at once (each call has its own writer; chunks are hashed on the calling
   * thread), so a tree walk can import many small files in parallel and store them in walk order.
   */
  public PreparedFile prepareFile(byte[] content, Metadata meta) throws IOException {
    Objects.requireNonNull(meta, "meta");
    List<io.cairn.codec.Block> blocks = new java.util.ArrayList<>();
    NodeWriter own = new NodeWriter(writer.options(), writer.discards() ? BlockSink.DISCARD : blocks::add);
    FileImporter importer = new FileImporter(own, Runnable::run, 1);
    ImportedNode node = importer.importFile(new java.io.ByteArrayInputStream(content), meta, content.length);
    return new PreparedFile(node, blocks);
  }

  /** Stores a file made by {@link #prepareFile} (its blocks go to the sink in their order) and returns its root. */
  public ImportedNode put(PreparedFile file) throws IOException {
    writer.putAll(file.blocks());
    return file.node();
  }

  /** A UnixFS symlink node whose Data is the target path's bytes. */
  public ImportedNode symlink(String target, Metadata meta) throws IOException {
    UnixfsData.Builder d = UnixfsData.builder(UnixfsType.SYMLINK).data(target.getBytes(StandardCharsets.UTF_8));
    return writer.putPb(List.of(), meta.applyTo(d).build(), 0);
  }

  /** A directory over already imported entries (plain, or a HAMT past the threshold). */
  public ImportedNode directory(List<DirectoryEntry> entries, Metadata meta) throws IOException {
    return directories.build(entries, meta);
  }

  /** Whether {@link #directory} would shard these entries into a HAMT. */
  public boolean wouldShard(List<DirectoryEntry> entries, Metadata meta) {
    return directories.shards(entries, meta);
  }

  /**
   * The order in which a HAMT directory lists entries: by the 64-bit murmur3 hash of the
   * name, unsigned (the trie's slot order at every level).
   */
  public static Comparator<String> hamtOrder() {
    return Comparator.comparing(
        (String name) -> Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8)), Long::compareUnsigned);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
