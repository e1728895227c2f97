package io.cairn.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real cluster peers in one JVM on loopback ports, sharing one {@link TestClock}; metrics
 * travel between them as they will in the daemon ({@link #reportAll}).
 */
public final class MiniCluster implements AutoCloseable {
  public static final String SECRET = "test-secret";
  static final long GIB = 1L << 30;

  public final TestClock clock = new TestClock(1_700_000_000_000L);
  private final Path dir;
  private final Map<String, ClusterPeer> running = new LinkedHashMap<>();
  private final Map<String, ClusterConfig> configs = new LinkedHashMap<>();
  private long segmentBytes = 8L << 20;
  private long snapshotEvery = ClusterConfig.DEFAULT_SNAPSHOT_THRESHOLD;
  private Duration requestTimeout = Duration.ofSeconds(8);

  public MiniCluster(Path dir) {
    this.dir = dir;
  }

  MiniCluster log(long snapshotEveryEntries, long segment) {
    this.snapshotEvery = snapshotEveryEntries;
    this.segmentBytes = segment;
    return this;
  }

  MiniCluster requestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return this;
  }

  ClusterConfig config(String id) {
    return configs.computeIfAbsent(id, i -> ClusterConfig.of("test", i, freePort(), dir.resolve(i), SECRET)
        .withTimeouts(Duration.ofMillis(400), Duration.ofMillis(800), requestTimeout)
        .withLog(snapshotEvery, segmentBytes)
        .withAllocation(0, List.of())
        .withClock(clock));
  }

  /** Starts peers p1..pN as one new cluster and waits for a leader. */
  public MiniCluster start(int n) throws IOException {
    List<PeerRecord> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ClusterConfig c = config("p" + i);
      members.add(new PeerRecord(c.peerId(), c.raftAddress(), ""));
    }
    for (PeerRecord m : members) {
      running.put(m.id(), ClusterPeer.start(config(m.id()), members));
    }
    return this;
  }

  /** Starts a peer with an empty configuration, to be added with {@link ClusterPeer#addPeer}. */
  ClusterPeer startJoiner(String id) throws IOException {
    ClusterPeer p = ClusterPeer.start(config(id), List.of());
    running.put(id, p);
    return p;
  }

  public ClusterPeer peer(String id) {
    return running.get(id);
  }

  List<ClusterPeer> peers() {
    return List.copyOf(running.values());
  }

  /**
   * Each running peer among {@code ids} reports 1 GiB free, valid 60 s, to every member
   * (the real transport: {@link ClusterPeer#publishMetric}); peers not listed stay silent.
   */
  public void reportAll(List<String> ids) throws IOException, InterruptedException {
    awaitLeader(); // servers answer reports once started; a leader means all have started
    for (String id : ids) {
      ClusterPeer p = running.get(id);
      if (p == null) {
        continue;
      }
      int others = (int) p.members().stream().filter(m -> !m.equals(id) && running.containsKey(m)).count();
      int reached = 0;
      for (int attempt = 0; attempt < 50 && reached < others; attempt++) {
        reached = p.publishMetric(GIB, Map.of(), Duration.ofSeconds(60));
        if (reached < others) {
          Thread.sleep(20);
        }
      }
      if (reached < others) {
        throw new AssertionError(id + " reached " + reached + " of " + others + " peers with its metric");
      }
    }
  }

  /** Waits (bounded) until some running peer is the leader, and returns it. */
  public ClusterPeer awaitLeader() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (ClusterPeer p : running.values()) {
        if (p.isLeader()) {
          return p;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no leader within 20 s");
  }

  void stop(String id) throws IOException {
    ClusterPeer p = running.remove(id);
    if (p != null) {
      p.close();
    }
  }

  /** Closes every running peer at once (one by one, each close would wait out elections). */
  @Override
  public void close() throws IOException {
    List<Thread> closing = new ArrayList<>();
    List<IOException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (ClusterPeer p : running.values()) {
      closing.add(Thread.ofVirtual().start(() -> {
        try {
          p.close();
        } catch (IOException e) {
          failures.add(e);
        }
      }));
    }
    running.clear();
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while closing peers", e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
