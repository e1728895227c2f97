package io.cairn.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The liveness round of one peer, as IPFS Cluster runs it: every {@code interval} this peer
 * reports its free space and tags to the others with a TTL of two intervals (15 s and 30 s by
 * default) and, if it is the leader, {@link ClusterPeer#repair repairs} (pins off silent peers,
 * expired pins unpinned) every fifth of an interval — on separate timer threads, so a long
 * repair never delays a report. A peer that misses two rounds is down for allocation.
 */
public final class Liveness implements Closeable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

  private final ClusterPeer peer;
  private final LongSupplier freeBytes;
  private final Map<String, String> tags;
  private final Duration interval;
  private final ScheduledExecutorService timer;
  private final long startedNanos = System.nanoTime();

  private Liveness(ClusterPeer peer, LongSupplier freeBytes, Map<String, String> tags, Duration interval) {
    this.peer = peer;
    this.freeBytes = freeBytes;
    this.tags = new TreeMap<>(tags);
    this.interval = interval;
    // two threads: a long repair on the leader (one log entry per pin) must not hold back this
    // peer's own reports, or its metric expires mid-repair and the leader counts itself down
    this.timer = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "cluster-liveness-" + peer.id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs a round every {@code interval} until closed, the first one interval from now (call
   * {@link #round} to report at once); a failed round is simply tried again at the next.
   */
  public static Liveness start(ClusterPeer peer, LongSupplier freeBytes, Map<String, String> tags, Duration interval) {
    Objects.requireNonNull(peer, "peer");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    Liveness l = new Liveness(peer, freeBytes, tags, interval);
    l.timer.scheduleWithFixedDelay(l::reportQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    long repairEvery = repairEvery(interval).toMillis();
    l.timer.scheduleWithFixedDelay(l::repairQuietly, repairEvery, repairEvery, TimeUnit.MILLISECONDS);
    return l;
  }

  /**
   * How often the leader looks for pins to repair: a fifth of the report interval (at least
   * 200 ms). A silent peer's metric expires at any moment, and a repair that only ran with the
   * reports would see it up to a whole interval late; a look that finds nothing to do is a
   * scan of the pinset in memory.
   */
  static Duration repairEvery(Duration interval) {
    return Duration.ofMillis(Math.max(200, interval.toMillis() / 5));
  }

  /** Free bytes of the file system holding {@code dir} (the blockstore's). */
  public static LongSupplier freeSpace(Path dir) {
    return () -> {
      try {
        return Files.getFileStore(dir).getUsableSpace();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** One round: report, then repair if leader. Returns how many pins the repair changed. */
  public int round() throws IOException {
    peer.publishMetric(freeBytes.getAsLong(), tags, interval.multipliedBy(2));
    return peer.repair();
  }

  private void reportQuietly() {
    try {
      peer.publishMetric(freeBytes.getAsLong(), tags, interval.multipliedBy(2));
    } catch (IOException | RuntimeException e) {
      // a disk error: the next round tries again, and peers see our silence
    }
  }

  private void repairQuietly() {
    if (System.nanoTime() - startedNanos < interval.multipliedBy(2).toNanos()) {
      return; // a peer is down once its report is a TTL old; at start, one that has not reported yet had no chance
    }
    try {
      peer.repair();
    } catch (IOException | RuntimeException e) {
      // no quorum: the next round tries again
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
