package io.cairn.server;

import io.cairn.codec.BlockSource;
import io.cairn.store.Config;
import io.cairn.store.Store;
import io.cairn.unixfs.UnixfsExporter;
import java.nio.file.Path;

/**
 * What the HTTP handlers work with: the node's store, config and metrics, and the addresses
 * the daemon actually bound (known once it has started).
 */
public final class NodeContext {
  private final Store store;
  private final Config config;
  private final Metrics metrics;
  private final UnixfsExporter exporter;
  private final Path repoPath;
  private final BlockSource gatewayReads;
  private volatile Multiaddr apiAddress;
  private volatile Multiaddr gatewayAddress;

  /** A node whose store has no directory of its own (an in-memory store, in tests). */
  public NodeContext(Store store, Config config, Metrics metrics) {
    this(store, config, metrics, null);
  }

  /** A node over the repository at {@code repoPath}. */
  public NodeContext(Store store, Config config, Metrics metrics, Path repoPath) {
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.exporter = new UnixfsExporter(metrics.countingReads(store));
    this.repoPath = repoPath;
    this.gatewayReads = metrics.countingReads(store.reads(config.hashOnRead()));
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

  void bound(Multiaddr api, Multiaddr gateway) {
    this.apiAddress = api;
    this.gatewayAddress = gateway;
  }
}
