package io.cairn.server;

import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's meters, in a Micrometer Prometheus registry: HTTP requests by server, route
 * and status (count and latency), blocks and bytes read for clients, bytes sent, blocks
 * stored. Scraped as Prometheus text at {@code /debug/metrics/prometheus}.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter blocksRead;
  private final Counter blockBytesRead;
  private final Counter bytesSent;
  private final Counter blocksStored;
  /** One timer per tag set, found again without building a meter id per request. */
  private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

  private record RequestKey(String server, String route, String method, int status) {}

  public Metrics() {
    blocksRead = Counter.builder("cairn.blocks.read").description("blocks read from the store for clients")
        .register(registry);
    blockBytesRead = Counter.builder("cairn.blocks.read.bytes").description("bytes of blocks read for clients")
        .register(registry);
    bytesSent = Counter.builder("cairn.http.sent.bytes").description("response body bytes sent").register(registry);
    blocksStored = Counter.builder("cairn.blocks.stored").description("blocks written by API requests")
        .register(registry);
  }

  /** Records one finished HTTP request. */
  public void request(String server, String route, String method, int status, long nanos) {
    requestTimers.computeIfAbsent(new RequestKey(server, route, knownMethod(method), status), k ->
        Timer.builder("cairn.http.requests").description("HTTP requests served")
            .tags("server", k.server, "route", k.route, "method", k.method, "status", Integer.toString(k.status))
            .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The method as a tag: one of HTTP's own, or "other" (clients choose it; tags must stay few). */
  static String knownMethod(String method) {
    return switch (method) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT" -> method;
      default -> "other";
    };
  }

  public void sent(long bytes) {
    bytesSent.increment(bytes);
  }

  public void stored(long blocks) {
    blocksStored.increment(blocks);
  }

  /** A view of {@code source} whose reads count as blocks served. */
  public BlockSource countingReads(BlockSource source) {
    return new BlockSource() {
      @Override
      public byte[] get(Cid cid) throws IOException {
        byte[] b = source.get(cid);
        blocksRead.increment();
        blockBytesRead.increment(b.length);
        return b;
      }
    };
  }

  /** Counts one block read directly from the store. */
  public void blockRead(int bytes) {
    blocksRead.increment();
    blockBytesRead.increment(bytes);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
