package io.cairn.cluster.rest;

import io.cairn.cluster.ClusterPeer;
import io.cairn.cluster.PinTracker;
import io.cairn.store.Store;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The cluster's REST API server (IPFS Cluster's, default 127.0.0.1:9094) for one peer: a
 * Jetty server of its own, handlers on virtual threads. The daemon will start it next to its
 * RPC API when the repository is configured for a cluster.
 */
public final class ClusterApi implements Closeable {
  public static final int DEFAULT_PORT = 9094;

  private final Server server;
  private final ServerConnector connector;

  private ClusterApi(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Serves {@code peer} on {@code host:port} (port 0: any free port). Pins without replication
   * factors get {@code defaultMin}/{@code defaultMax} (-1: every peer, IPFS Cluster's default).
   */
  public static ClusterApi start(ClusterPeer peer, String host, int port, String secret,
      int defaultMin, int defaultMax, Clock clock) throws IOException {
    return start(peer, null, host, port, secret, defaultMin, defaultMax, clock);
  }

  /**
   * As above, with per-peer statuses from {@code tracker} (null: from the pin doc alone) and
   * {@code /pins/recover}, {@code /pins/{cid}/recover} retrying through it.
   */
  public static ClusterApi start(ClusterPeer peer, PinTracker tracker, String host, int port, String secret,
      int defaultMin, int defaultMax, Clock clock) throws IOException {
    return start(peer, tracker, null, host, port, secret, defaultMin, defaultMax, clock);
  }

  /**
   * As above, also serving Cairn's {@code POST /blocks} from {@code store} (null: not served),
   * which the other peers' trackers use to fetch many small pins' blocks per request.
   */
  public static ClusterApi start(ClusterPeer peer, PinTracker tracker, Store store, String host, int port,
      String secret, int defaultMin, int defaultMax, Clock clock) throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(64, 2);
    pool.setName("cluster-api");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new RestHandler(peer, tracker, store, secret, defaultMin, defaultMax, clock));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // the start failure is what matters
      }
      throw new IOException("cannot serve the cluster API on " + host + ":" + port + ": " + e.getMessage()
          + " (choose another port)", e);
    }
    return new ClusterApi(server, connector);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("stopping the cluster API: " + e.getMessage(), e);
    }
  }
}
