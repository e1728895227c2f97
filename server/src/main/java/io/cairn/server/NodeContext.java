package io.cairn.server;

import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.server.node.Names;
import io.cairn.server.node.Republisher;
import io.cairn.store.Config;
import io.cairn.store.Store;
import io.cairn.transfer.DagPrefetch;
import io.cairn.transfer.FetchListener;
import io.cairn.transfer.Transfer;
import io.cairn.transfer.TransferSettings;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the HTTP handlers work with: the node's store, config and metrics, the addresses the
 * daemon actually bound (known once it has started) and, unless the node is offline, the
 * {@link Transfer} that fetches blocks it lacks from its providers ({@link #close} closes it).
 */
public final class NodeContext implements AutoCloseable {
  /** Config key: when true the node never fetches (Kubo's {@code Gateway.NoFetch}). */
  public static final String NO_FETCH_KEY = "Gateway.NoFetch";

  private final Store store;
  private final Config config;
  private final Metrics metrics;
  private final UnixfsExporter exporter;
  private final Path repoPath;
  private final BlockSource gatewayReads;
  private final Transfer transfer;
  private final BlockSource fetchingReads;
  private final BlockSource fetchingGatewayReads;
  private final UnixfsExporter fetchingExporter;
  private Names names;
  private volatile Republisher republisher;
  private volatile Multiaddr apiAddress;
  private volatile Multiaddr gatewayAddress;
  private volatile io.cairn.server.sync.SyncListener afterSync = io.cairn.server.sync.SyncListener.NONE;
  private final io.cairn.server.sync.SyncCache syncCache = new io.cairn.server.sync.SyncCache();
  private final io.cairn.server.sync.TreeWatcher syncWatcher;

  /** A node whose store has no directory of its own (an in-memory store, in tests). */
  public NodeContext(Store store, Config config, Metrics metrics) {
    this(store, config, metrics, null);
  }

  /** A node over the repository at {@code repoPath}. */
  public NodeContext(Store store, Config config, Metrics metrics, Path repoPath) {
    this(store, config, metrics, repoPath, null);
  }

  /**
   * A node over the repository at {@code repoPath} (null for none) that fetches what it lacks
   * through {@code transfer} (null: an offline node, which answers from its own blocks only).
   * The node owns the transfer: {@link #close} closes it.
   */
  public NodeContext(Store store, Config config, Metrics metrics, Path repoPath, Transfer transfer) {
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.exporter = new UnixfsExporter(metrics.countingReads(store));
    this.repoPath = repoPath;
    this.gatewayReads = metrics.countingReads(store.reads(config.hashOnRead()));
    this.transfer = transfer;
    BlockSource counted = metrics.countingReads(store);
    this.fetchingReads = transfer == null ? counted : transfer.blockSource(counted);
    this.fetchingGatewayReads = transfer == null ? gatewayReads : transfer.blockSource(gatewayReads);
    this.fetchingExporter = transfer == null ? exporter : new UnixfsExporter(fetchingReads);
    this.syncWatcher = !io.cairn.server.sync.TreeWatcher.ENABLED ? null
        : new io.cairn.server.sync.TreeWatcher(repoPath == null ? null : repoPath.resolve("sync-watch"));
  }

  /**
   * Whether a daemon started with {@code offline} and this config fetches: not when offline,
   * nor when {@value #NO_FETCH_KEY} is true.
   */
  public static boolean fetches(Config config, boolean offline) {
    return !offline && !config.get(NO_FETCH_KEY).map(n -> n.asBoolean(false)).orElse(false);
  }

  /**
   * The daemon's node: with a {@link Transfer} built from the config's providers unless
   * {@link #fetches} says it stays offline, and a {@link Republisher} that keeps the node's own
   * IPNS records from expiring.
   */
  public static NodeContext forDaemon(Store store, Config config, Metrics metrics, Path repoPath, boolean offline)
      throws IOException {
    Transfer t = fetches(config, offline) ? Transfer.fromConfig(store, config, TransferSettings.fromConfig(config)) : null;
    NodeContext node = new NodeContext(store, config, metrics, repoPath, t);
    node.republisher = Republisher.start(() -> {
      try {
        return node.names();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return node;
  }

  /** The fetching side, empty when the node is offline. */
  public Optional<Transfer> transfer() {
    return Optional.ofNullable(transfer);
  }

  /** Whether this node fetches what it lacks (it has a {@link Transfer}). */
  public boolean online() {
    return transfer != null;
  }

  /**
   * Block reads (counted in the metrics); unless {@code local} or the node is offline, a block
   * the store lacks is fetched from the providers, stored and answered.
   */
  public BlockSource reads(boolean local) {
    return local ? metrics.countingReads(store) : fetchingReads;
  }

  /** A UnixFS reader over {@link #reads(boolean)}. */
  public UnixfsExporter exporter(boolean local) {
    return local ? exporter : fetchingExporter;
  }

  /**
   * A UnixFS reader for streaming the whole DAG under {@code root} out: unless {@code local} or
   * the node is offline, a background fetch brings the DAG in (subtree CARs, many requests in
   * flight) while the reader waits for each block it needs ({@link DagPrefetch}). Close it when
   * done: that cancels the fetch if it still runs. Held blocks are read as the gateway reads them
   * (hashed only with {@code Datastore.HashOnRead}, as Kubo does for every read): a streamed
   * body's blocks were checked when stored, and fetched ones a moment ago.
   */
  public DagReader dagReader(Cid root, boolean local) {
    if (local || transfer == null) {
      return new DagReader(new UnixfsExporter(gatewayReads), () -> {});
    }
    DagPrefetch prefetch = transfer.prefetch(root, gatewayReads, fetchListener());
    return new DagReader(new UnixfsExporter(prefetch), prefetch::close);
  }

  /** A UnixFS reader over one DAG, and what to close when done with it. */
  public record DagReader(UnixfsExporter exporter, java.io.Closeable closer) implements java.io.Closeable {
    @Override
    public void close() throws IOException {
      closer.close();
    }
  }

  /** {@link #gatewayReads()}, fetching a missing block unless {@code local} or offline. */
  public BlockSource gatewayReads(boolean local) {
    return local ? gatewayReads : fetchingGatewayReads;
  }

  /** Told of each block a DAG fetch stores (counted in the metrics). */
  public FetchListener fetchListener() {
    return (cid, size, from) -> metrics.stored(1);
  }

  @Override
  public void close() {
    if (syncWatcher != null) {
      syncWatcher.close();
    }
    if (republisher != null) {
      republisher.close();
    }
    if (transfer != null) {
      transfer.close();
    }
  }

  public Store store() {
    return store;
  }

  public Config config() {
    return config;
  }

  public Metrics metrics() {
    return metrics;
  }

  /** A UnixFS reader over the store, checking every block's hash (block reads are counted in the metrics). */
  public UnixfsExporter exporter() {
    return exporter;
  }

  /**
   * The node's IPNS keys and records (made on first use): in the repository, or in memory for a
   * node without a directory (whose only key is its identity).
   */
  public synchronized Names names() throws IOException {
    if (names == null) {
      names = Names.of(repoPath, config);
    }
    return names;
  }

  /** The repository directory, or null when the store has none. */
  public Path repoPath() {
    return repoPath;
  }

  /**
   * Where to spool uploads that must be read twice (a CAR is verified before it is imported):
   * the repository directory, on the store's own disk, else the system's temporary directory.
   */
  public Path tempDir() {
    return repoPath != null ? repoPath : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * The gateway's block reads, counted in the metrics: hashed against their CIDs only when
   * {@code Datastore.HashOnRead} is set. As in Kubo, whose default is not to: the blocks were
   * checked when stored, trustless clients check every block themselves, and hashing would
   * bound a download at SHA-256's speed on one core. {@code repo verify} finds damaged blocks.
   */
  public BlockSource gatewayReads() {
    return gatewayReads;
  }

  public String peerId() {
    return config.peerId();
  }

  public Multiaddr apiAddress() {
    return apiAddress;
  }

  public Multiaddr gatewayAddress() {
    return gatewayAddress;
  }

  /**
   * Told of every sync the daemon runs once its new root is pinned ({@link
   * io.cairn.server.sync.SyncListener#committed}): where a stable name (IPNS) for the tree is
   * published.
   */
  public io.cairn.server.sync.SyncListener afterSync() {
    return afterSync;
  }

  /** Synced trees' records kept decoded between syncs through this node. */
  public io.cairn.server.sync.SyncCache syncCache() {
    return syncCache;
  }

  /**
   * The watch of synced trees (inotify), so a sync through this node visits only what changed;
   * null when turned off ({@code -Dcairn.sync.watch=false}).
   */
  public io.cairn.server.sync.TreeWatcher syncWatcher() {
    return syncWatcher;
  }

  public void afterSync(io.cairn.server.sync.SyncListener listener) {
    this.afterSync = java.util.Objects.requireNonNull(listener, "listener");
  }

  void bound(Multiaddr api, Multiaddr gateway) {
    this.apiAddress = api;
    this.gatewayAddress = gateway;
  }
}
