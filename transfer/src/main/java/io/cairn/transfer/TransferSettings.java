package io.cairn.transfer;

import java.time.Duration;
import java.util.Objects;

/**
 * How a fetch behaves on the wire.
 *
 * @param window requests in flight at once, over all providers
 * @param perProvider requests in flight at once to one provider
 * @param connectTimeout to open a connection and get a response's status
 * @param stallTimeout a response that sends nothing for this long is a stall (its provider is demoted)
 * @param backoffBase how long a provider is left alone after its first failure (doubling after each)
 * @param backoffMax the longest it is left alone
 * @param maxAttempts attempts at one block (over all providers) before the fetch gives up
 * @param slowFactor with nothing else to do, an in-flight request this many times slower than
 *     the best provider is cut off and its rest given to others
 * @param slowGrace a request's age before it may be judged slow
 * @param h2c speak HTTP/2 without TLS ("prior knowledge") to {@code http://} providers, as Cairn
 *     daemons serve it (config {@value #H2C_KEY}); {@code https://} providers get HTTP/2 whenever
 *     they offer it (ALPN), whatever this says
 */
public record TransferSettings(int window, int perProvider, Duration connectTimeout, Duration stallTimeout,
    Duration backoffBase, Duration backoffMax, int maxAttempts, double slowFactor, Duration slowGrace, boolean h2c) {
  /** Config key of {@link #h2c}, beside Kubo's other HTTP-retrieval settings. */
  public static final String H2C_KEY = "HTTPRetrieval.H2C";

  public TransferSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    Objects.requireNonNull(backoffBase, "backoffBase");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(slowGrace, "slowGrace");
    if (window < 1 || perProvider < 1 || maxAttempts < 1 || slowFactor <= 1) {
      throw new IllegalArgumentException("window, perProvider and maxAttempts must be ≥ 1 and slowFactor > 1");
    }
  }

  public static TransferSettings defaults() {
    return new TransferSettings(16, 6, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMillis(250),
        Duration.ofSeconds(60), 8, 8.0, Duration.ofSeconds(1), false);
  }

  public TransferSettings withWindow(int total, int oneProvider) {
    return new TransferSettings(total, oneProvider, connectTimeout, stallTimeout, backoffBase, backoffMax, maxAttempts,
        slowFactor, slowGrace, h2c);
  }

  public TransferSettings withTimeouts(Duration connect, Duration stall) {
    return new TransferSettings(window, perProvider, connect, stall, backoffBase, backoffMax, maxAttempts, slowFactor,
        slowGrace, h2c);
  }

  public TransferSettings withRetries(int attempts, Duration base, Duration max) {
    return new TransferSettings(window, perProvider, connectTimeout, stallTimeout, base, max, attempts, slowFactor,
        slowGrace, h2c);
  }

  public TransferSettings withH2c(boolean on) {
    return new TransferSettings(window, perProvider, connectTimeout, stallTimeout, backoffBase, backoffMax, maxAttempts,
        slowFactor, slowGrace, on);
  }

  /** The defaults, with what the node's config says of them ({@value #H2C_KEY}). */
  public static TransferSettings fromConfig(io.cairn.store.Config config) {
    return defaults().withH2c(config.get(H2C_KEY).map(n -> n.asBoolean(false)).orElse(false));
  }
}
