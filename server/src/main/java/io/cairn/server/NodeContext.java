package io.cairn.server;

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
  private volatile Multiaddr apiAddress;
  private volatile Multiaddr gatewayAddress;

  public NodeContext(Store store, Config config, Metrics metrics) {
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.exporter = new UnixfsExporter(metrics.countingReads(store));
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

  /** A UnixFS reader over the store (block reads are counted in the metrics). */
  public UnixfsExporter exporter() {
    return exporter;
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
