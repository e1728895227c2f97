package io.cairn.cluster;

import io.cairn.cluster.rest.ClusterApi;
import io.cairn.server.Daemon;
import io.cairn.server.Metrics;
import io.cairn.server.Multiaddr;
import io.cairn.server.NodeContext;
import io.cairn.store.Config;
import io.cairn.store.Identity;
import io.cairn.store.MemoryStore;
import io.cairn.transfer.Transfer;
import io.cairn.transfer.TransferSettings;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * A cluster peer's node as in the daemon: its own store, a real gateway (serving the other
 * peers' fetches), the transfer engine, and a {@link PinTracker} over them.
 */
final class TrackedNode implements AutoCloseable {
  final MemoryStore store = new MemoryStore();
  final Transfer transfer;
  final Daemon daemon;
  final ClusterPeer peer;
  final PinTracker tracker;
  final ClusterApi api;

  TrackedNode(ClusterPeer peer) throws IOException {
    this.peer = peer;
    Config config = Config.defaults(Identity.generate());
    TransferSettings settings = TransferSettings.defaults()
        .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));
    this.transfer = new Transfer(store, java.util.List.of(), java.util.List.of(), settings, "");
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    this.daemon = Daemon.start(new NodeContext(store, config, new Metrics()), any, any);
    // as the daemon starts them: small pins' blocks asked of the peers' APIs (POST /blocks) first
    this.tracker = PinTracker.start(peer, store, transfer, peer::peerGateways, 2,
        Duration.ofMillis(50), Duration.ofMillis(400), MiniCluster.SECRET);
    this.api = ClusterApi.start(peer, tracker, store, "127.0.0.1", 0, MiniCluster.SECRET, -1, -1, Clock.systemUTC());
  }

  String apiUrl() {
    return "http://127.0.0.1:" + api.address().getPort();
  }

  String gateway() {
    return daemon.gateway().httpUrl();
  }

  /** Reports this peer live to the others, with its gateway URL, valid 60 s. */
  int report() throws IOException {
    return peer.publishMetric(MiniCluster.GIB, Map.of(ClusterPeer.GATEWAY_TAG, gateway(), ClusterPeer.API_TAG, apiUrl()), Duration.ofSeconds(60));
  }

  /** Imports {@code size} random bytes as a UnixFS file of 16 KiB chunks into this node only. */
  ImportedNode file(int size, long seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    ImportOptions options = ImportOptions.builder().cidVersion(1).rawLeaves(true).chunkSize(16 << 10).build();
    try (UnixfsImporter imp = new UnixfsImporter(options, store::put, 1)) {
      return imp.file(new ByteArrayInputStream(b), Metadata.NONE);
    }
  }

  @Override
  public void close() throws IOException {
    api.close();
    tracker.close();
    transfer.close(); // first: its connections to the other gateways end, so theirs stop at once
    daemon.close();
  }
}
