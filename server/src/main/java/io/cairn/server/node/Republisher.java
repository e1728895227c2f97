package io.cairn.server.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the daemon runs, renews the node's own IPNS records before they expire
 * ({@link Names#renewExpiring}): every hour, records with less than a day left get a fresh
 * 48-hour lifetime. One daemon thread; {@link #close} stops it.
 */
public final class Republisher implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofHours(1);
  static final Duration MARGIN = Duration.ofHours(24);
  private static final Logger LOG = LoggerFactory.getLogger(Republisher.class);

  private final ScheduledExecutorService timer;

  private Republisher(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts renewing: first after one minute, then every hour. */
  public static Republisher start(Supplier<Names> names) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cairn-ipns-republisher");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        var renewed = names.get().renewExpiring(MARGIN);
        if (!renewed.isEmpty()) {
          LOG.info("renewed IPNS records of {}", renewed);
        }
      } catch (Exception e) {
        LOG.warn("could not renew IPNS records: {}", e.toString());
      }
    }, 60, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    return new Republisher(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
