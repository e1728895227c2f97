package io.cairn.server;

import io.cairn.server.gateway.GatewayHandler;
import io.cairn.server.gateway.RoutingHandler;
import io.cairn.server.rpc.RpcHandler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP side of a node: the RPC API and the gateway, each on its own connector, in one
 * Jetty server. Requests start on Jetty's selector threads; handlers that may block run on
 * virtual threads ({@link Dispatched}, and the gateway's own hand-off). {@link #close} stops
 * gracefully: new connections are refused and requests in flight get up to
 * {@link #STOP_TIMEOUT_MS} to finish.
 */
public final class Daemon implements AutoCloseable {
  public static final long STOP_TIMEOUT_MS = 5_000;
  /**
   * Selector threads of the gateway connector, one per core: small raw blocks are answered on
   * them (see {@link GatewayHandler}), so they are what serves requests in parallel.
   */
  static final int GATEWAY_SELECTORS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  /** Largest request line plus headers accepted. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  private final Server server;
  /** Response buffer of the API's connections (Jetty's default is 32 KiB). */
  static final int API_OUTPUT_BUFFER = 256 << 10;

  private final ServerConnector apiConnector;
  private final ServerConnector gatewayConnector;
  private final Multiaddr api;
  private final Multiaddr gateway;

  private Daemon(Server server, ServerConnector apiConnector, ServerConnector gatewayConnector, Multiaddr api,
      Multiaddr gateway) {
    this.server = server;
    this.apiConnector = apiConnector;
    this.gatewayConnector = gatewayConnector;
    this.api = api;
    this.gateway = gateway;
  }

  /** Binds both addresses and starts serving {@code node}. */
  public static Daemon start(NodeContext node, Multiaddr api, Multiaddr gateway) throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(200, 4);
    pool.setName("cairn-http");
    ExecutorService virtual = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cairn-req-", 0).factory());
    pool.setVirtualThreadsExecutor(virtual);
    Server server = new Server(pool);
    server.setStopTimeout(STOP_TIMEOUT_MS);
    server.setErrorHandler(new PlainErrors());
    ServerConnector apiConn = connector(server, "api", api, 1);
    // the API streams large bodies (cat, get, dag export) to few clients: fewer, larger chunks
    apiConn.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
        .setOutputBufferSize(API_OUTPUT_BUFFER);
    ServerConnector gwConn = connector(server, "gateway", gateway, GATEWAY_SELECTORS);
    server.addConnector(apiConn);
    server.addConnector(gwConn);

    // Every handler is non-blocking or Dispatched, and no container is dynamic: only then does
    // Jetty run requests on the selector threads instead of handing each to a new thread.
    Handler metricsPage = new MetricsHandler(node.metrics());
    PathMappingsHandler apiRoutes = new PathMappingsHandler(false);
    apiRoutes.addMapping(PathSpec.from("/api/v0/*"), new Dispatched(virtual, new RpcHandler(node)));
    apiRoutes.addMapping(PathSpec.from("/debug/metrics/prometheus"), metricsPage);
    PathMappingsHandler gwRoutes = new PathMappingsHandler(false);
    GatewayHandler gatewayHandler = new GatewayHandler(node, virtual);
    gwRoutes.addMapping(PathSpec.from("/ipfs/*"), gatewayHandler);
    gwRoutes.addMapping(PathSpec.from("/ipns/*"), gatewayHandler);
    gwRoutes.addMapping(PathSpec.from("/routing/v1/*"), new Dispatched(virtual, new RoutingHandler(node)));
    gwRoutes.addMapping(PathSpec.from("/debug/metrics/prometheus"), metricsPage);

    ContextHandler apiContext = new ContextHandler(
        new MeteredHandler("api", node.metrics(), new ApiGuard(node.config(), apiRoutes)), "/");
    apiContext.setVirtualHosts(List.of("@api"));
    ContextHandler gwContext = new ContextHandler(new MeteredHandler("gateway", node.metrics(), gwRoutes), "/");
    gwContext.setVirtualHosts(List.of("@gateway"));
    server.setHandler(new GracefulHandler(new ContextHandlerCollection(false, apiContext, gwContext)));
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw new IOException("could not listen on " + api + " and " + gateway + ": " + e.getMessage()
          + " (is another daemon running? change Addresses.API / Addresses.Gateway with 'cairn config')", e);
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
    }
    Multiaddr boundApi = api.withPort(apiConn.getLocalPort());
    Multiaddr boundGw = gateway.withPort(gwConn.getLocalPort());
    node.bound(boundApi, boundGw);
    return new Daemon(server, apiConn, gwConn, boundApi, boundGw);
  }

  private static ServerConnector connector(Server server, String name, Multiaddr addr, int selectors) {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // HTTP/1.1, and HTTP/2 without TLS by prior knowledge (h2c), as other Cairn nodes' engines
    // may speak it. Not by "Upgrade: h2c": clients that ask for it by default (the JDK's) would
    // find every plain-HTTP answer changed under them, and Kubo offers no h2c at all.
    HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http) {
      @Override
      public org.eclipse.jetty.io.Connection upgradeConnection(org.eclipse.jetty.server.Connector connector,
          org.eclipse.jetty.io.EndPoint endPoint, org.eclipse.jetty.http.MetaData.Request request,
          org.eclipse.jetty.http.HttpFields.Mutable response) {
        // the HTTP/2 preface ("PRI * HTTP/2.0") is prior knowledge; anything else an Upgrade
        return org.eclipse.jetty.http.HttpMethod.PRI.is(request.getMethod())
            ? super.upgradeConnection(connector, endPoint, request, response)
            : null; // declined: the request is answered over HTTP/1.1
      }
    };
    ServerConnector c = new ServerConnector(server, 1, selectors, new HttpConnectionFactory(http), h2c);
    c.setName(name);
    c.setHost(addr.host());
    c.setPort(addr.port());
    return c;
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // already failing; the start error is the one to report
    }
  }

  /** The API address actually bound. */
  public Multiaddr api() {
    return api;
  }

  /** The gateway address actually bound. */
  public Multiaddr gateway() {
    return gateway;
  }

  /**
   * How Jetty runs requests: NON_BLOCKING unless some handler may block without being
   * {@link Dispatched}, which would put every request back on a thread of its own.
   */
  Invocable.InvocationType invocationType() {
    return server.getInvocationType();
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
