package io.cairn.server;

import io.cairn.codec.BlockSource;
import io.cairn.store.Config;
import io.cairn.store.Store;
import io.cairn.unixfs.UnixfsExporter;

/**
 * What the HTTP handlers work with: the node's store, config and metrics, and the addresses
 * the daemon actually bound (known once it has started).
 */
public final class NodeContext {
  private final Store store;
  private final Config config;
  private final Metrics metrics;
  private final UnixfsExporter exporter;
  private final BlockSource gatewayReads;
  private volatile Multiaddr apiAddress;
  private volatile Multiaddr gatewayAddress;

  public NodeContext(Store store, Config config, Metrics metrics) {
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.exporter = new UnixfsExporter(metrics.countingReads(store));
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
