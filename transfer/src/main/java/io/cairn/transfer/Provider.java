package io.cairn.transfer;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source of blocks that speaks the trustless gateway protocol at {@code baseUrl}
 * ({@code http://host:port}, no trailing slash): a Cairn or Kubo peer, or a public gateway.
 * Carries its health and what it has delivered; providers are equal by URL.
 */
public final class Provider {
  private final String id;
  private final String baseUrl;
  private final ProviderHealth health;
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong dataBytes = new AtomicLong();
  private final AtomicLong wireBytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong badBlocks = new AtomicLong();
  /** Best throughput seen from this provider, bytes per second. */
  private volatile double bestRate;
  private volatile String protocol = "";
  int inFlight; // guarded by the DagFetch lock that uses it

  Provider(String id, String baseUrl, TransferSettings settings) {
    this.id = Objects.requireNonNull(id, "id");
    this.baseUrl = stripSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
    URI u = URI.create(this.baseUrl);
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null) {
      throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL like http://127.0.0.1:8080");
    }
    this.health = new ProviderHealth(settings.backoffBase().toNanos(), settings.backoffMax().toNanos());
  }

  /** A provider known only by its URL (a configured gateway). */
  public static Provider ofUrl(String baseUrl, TransferSettings settings) {
    return new Provider(stripSlash(baseUrl), baseUrl, settings);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Peer ID, or the URL for a plain gateway. */
  public String id() {
    return id;
  }

  public String baseUrl() {
    return baseUrl;
  }

  ProviderHealth health() {
    return health;
  }

  /** Verified blocks this provider delivered that were stored. */
  public long blocks() {
    return blocks.get();
  }

  /** The HTTP version of its last response ({@code HTTP/1.1}, {@code HTTP/2.0}), "" before any. */
  public String protocol() {
    return protocol;
  }

  void noteProtocol(org.eclipse.jetty.http.HttpVersion version) {
    protocol = version == null ? "" : version.asString();
  }

  /** Bytes of the verified blocks this provider delivered that were stored. */
  public long dataBytes() {
    return dataBytes.get();
  }

  /** Response body bytes received from this provider. */
  public long wireBytes() {
    return wireBytes.get();
  }

  public long requests() {
    return requests.get();
  }

  /** Blocks it sent that did not hash to their CID or were not expected. */
  public long badBlocks() {
    return badBlocks.get();
  }

  /** Times it was demoted for a failure, bad block or stall. */
  public long demotions() {
    return health.demotions();
  }

  double bestRate() {
    return bestRate;
  }

  void noteRate(double bytesPerSecond) {
    if (bytesPerSecond > bestRate) {
      bestRate = bytesPerSecond;
    }
  }

  void countBlock(int size) {
    blocks.incrementAndGet();
    dataBytes.addAndGet(size);
  }

  void countBytes(long n) {
    wireBytes.addAndGet(n);
  }

  void countRequest() {
    requests.incrementAndGet();
  }

  void countBadBlock() {
    badBlocks.incrementAndGet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Provider p && p.baseUrl.equals(baseUrl);
  }

  @Override
  public int hashCode() {
    return baseUrl.hashCode();
  }

  @Override
  public String toString() {
    return id.equals(baseUrl) ? baseUrl : id + " at " + baseUrl;
  }
}
