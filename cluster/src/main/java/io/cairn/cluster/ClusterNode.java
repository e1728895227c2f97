package io.cairn.cluster;

import io.cairn.cluster.rest.ClusterApi;
import io.cairn.cluster.rest.JoinRequest;
import io.cairn.store.Store;
import io.cairn.transfer.Transfer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A cluster peer as the daemon runs it, over the daemon's own store and transfer engine: the
 * Raft peer (storage {@code $CAIRN_PATH/cluster}), its {@link PinTracker}, its REST API and
 * its {@link Liveness} round, whose reports carry this node's gateway and API URLs (the other
 * trackers fetch from the gateway; the others' status calls ask the API). {@link #close}
 * stops them in reverse order.
 */
public final class ClusterNode implements Closeable {
  /**
   * Tracker fetch slots: fetches wait on the network, so a peer's death (thousands of pins to
   * fetch at once) is repaired many fetches at a time. Small pins (one block, held here or asked
   * of the peers in batches) take a thread but no slot: the tracker has
   * {@link PinTracker#SMALL_PER_WORKER} threads per slot, so they wait together in larger batches.
   */
  static final int WORKERS = 16;

  private final ClusterPeer peer;
  private final PinTracker tracker;
  private final ClusterApi api;
  private final Liveness liveness;

  private ClusterNode(ClusterPeer peer, PinTracker tracker, ClusterApi api, Liveness liveness) {
    this.peer = peer;
    this.tracker = tracker;
    this.api = api;
    this.liveness = liveness;
  }

  /**
   * Starts the peer described by {@code settings}. A peer with no Raft storage yet starts a new
   * cluster of {@code Peers} (itself alone when empty), or, with {@code Join} set, starts empty
   * and asks that peer's API to add it.
   */
  public static ClusterNode start(ClusterSettings settings, Path repoDir, Store store, Transfer transfer,
      String gatewayUrl, Path blocksDir) throws IOException {
    ClusterConfig config = settings.peerConfig(repoDir.resolve("cluster"));
    boolean fresh = !Files.isDirectory(config.storageDir().resolve(ClusterPeer.groupId(settings.name()).getUuid().toString()));
    boolean joining = fresh && !settings.join().isEmpty();
    List<PeerRecord> members = new ArrayList<>();
    if (!joining) {
      members.addAll(settings.peers());
      if (members.stream().noneMatch(p -> p.id().equals(settings.peerId()))) {
        members.add(new PeerRecord(settings.peerId(), config.raftAddress(), config.apiAddress()));
      }
    }
    ClusterPeer peer = ClusterPeer.start(config, members);
    List<Closeable> started = new ArrayList<>(List.of(peer));
    try {
      PinTracker tracker = PinTracker.start(peer, store, transfer, peer::peerGateways, WORKERS,
          Duration.ofSeconds(1), Duration.ofMinutes(5), settings.secret());
      started.add(tracker);
      ClusterApi api = ClusterApi.start(peer, tracker, store, settings.apiHost(), settings.apiPort(), settings.secret(),
          settings.replicationMin(), settings.replicationMax(), Clock.systemUTC());
      started.add(api);
      String apiUrl = "http://" + api.address().getHostString() + ":" + api.address().getPort();
      Map<String, String> tags = new TreeMap<>(settings.tags());
      tags.put(ClusterPeer.GATEWAY_TAG, gatewayUrl);
      tags.put(ClusterPeer.API_TAG, apiUrl);
      LongSupplier free = Liveness.freeSpace(blocksDir);
      Liveness liveness = Liveness.start(peer, free, tags, settings.liveness());
      started.add(liveness);
      if (joining) {
        JoinRequest.send(settings.join(), peer.record(), settings.secret());
      }
      Thread.ofVirtual().name("cluster-first-report").start(() -> {
        try {
          liveness.round(); // report at once: a new peer is allocatable without waiting a whole interval
        } catch (IOException | RuntimeException e) {
          // the timer's rounds try again
        }
        if (fresh && !joining) {
          recordFounder(peer);
        }
      });
      return new ClusterNode(peer, tracker, api, liveness);
    } catch (IOException | RuntimeException e) {
      closeAll(started);
      if (joining) {
        forget(config.storageDir()); // never joined: the next start asks to join again
      }
      throw e;
    }
  }

  /**
   * A peer that started a new cluster records itself (its addresses, and the time, in the audit
   * history): best effort, a few tries while the first leader is elected (with several first
   * peers, until a majority of them is up).
   */
  private static void recordFounder(ClusterPeer peer) {
    for (int attempt = 0; attempt < 6; attempt++) {
      try {
        peer.recordSelf();
        return;
      } catch (ClusterException | RuntimeException e) {
        // no leader yet (or shutting down): try again, a few times
      }
    }
  }

  private static void forget(Path dir) {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // the start failure is the one to report
    }
  }

  public ClusterPeer peer() {
    return peer;
  }

  public PinTracker tracker() {
    return tracker;
  }

  public ClusterApi api() {
    return api;
  }

  private static void closeAll(List<Closeable> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (IOException | RuntimeException ignored) {
        // closing what did start; the start failure is the one to report
      }
    }
  }

  @Override
  public void close() throws IOException {
    liveness.close();
    try {
      api.close();
    } finally {
      tracker.close();
      peer.close();
    }
  }
}
