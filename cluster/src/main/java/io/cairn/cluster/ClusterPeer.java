package io.cairn.cluster;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * One member of a Cairn cluster: a Ratis server holding the replicated {@link PinState} and a
 * Ratis client through which this peer's API changes and reads it.
 *
 * <p>Writes ({@link #pin}, {@link #unpin}, {@link #reallocate}, membership) go to the leader
 * and return once committed and applied there, or fail within {@code requestTimeout}. Reads
 * are linearizable: a read-only barrier through Ratis (ReadIndex) makes this peer catch up
 * with the leader's commit index, then the local state answers.
 */
public final class ClusterPeer implements Closeable {
  private final ClusterConfig config;
  private final RaftGroupId groupId;
  private final RaftPeerId selfId;
  private final MetricsBoard metrics;
  private final PinStateMachine machine;
  private final RaftServer server;
  private final RaftClient client;
  /** This peer's own server, reached in-process: writes while leading, and read barriers. */
  private final LocalServer local;
  /** One client per other member for metric reports: no retries, straight to that server. */
  private final Map<RaftPeerId, RaftClient> reporters = new java.util.concurrent.ConcurrentHashMap<>();
  private final RaftCalls calls;
  /** This peer's last metric report, sent again to a peer as soon as it is added. */
  private volatile Report lastReport;

  private record Report(long freeBytes, Map<String, String> tags, Duration ttl) {}
  /** Pins, unpins and re-allocations of concurrent callers leave together (one log entry). */
  private final GroupCommit writes;
  /**
   * Held while this peer changes the membership: peers joining through it at the same time
   * (daemons started together) are added one after the other, not refused.
   */
  private final Object membership = new Object();

  private ClusterPeer(ClusterConfig config, RaftGroup group, MetricsBoard metrics,
      PinStateMachine machine, RaftServer server, RaftClient client) {
    this.config = config;
    this.groupId = group.getGroupId();
    this.selfId = RaftPeerId.valueOf(config.peerId());
    this.metrics = metrics;
    this.machine = machine;
    this.server = server;
    this.client = client;
    this.local = new LocalServer(server, groupId, selfId);
    this.calls = new RaftCalls(config.requestTimeout().toMillis());
    this.writes = new GroupCommit(this::sendBatch, GROUP_COMMIT_MAX, GROUP_COMMIT_IN_FLIGHT,
        config.requestTimeout().toMillis());
  }

  /** Most requests of concurrent callers in one log entry. */
  static final int GROUP_COMMIT_MAX = 256;
  /**
   * Batches of concurrent callers out at once (the next fills while it is out). One, not two
   * (third part): with two, 32 concurrent REST clients made batches of 3.9 pins on average in
   * {@code bench/cluster}, and each Raft round (a gRPC call, two appends, three synced writes)
   * costs CPU whatever it carries.
   */
  static final int GROUP_COMMIT_IN_FLIGHT = 1;
  /** Most re-allocations in one entry of a repair. */
  static final int REPAIR_BATCH = 512;

  /**
   * Starts this peer's Raft server. {@code members} is the cluster's first configuration when
   * this peer's storage is new (all of them, this peer included; just this peer for a new
   * cluster), or empty for a peer that will be added to a running cluster with
   * {@link #addPeer} (it waits for the leader to contact it). A restarted peer ignores
   * {@code members}: its configuration comes from its own log.
   */
  public static ClusterPeer start(ClusterConfig config, List<PeerRecord> members) throws IOException {
    Objects.requireNonNull(config, "config");
    RaftGroupId groupId = groupId(config.clusterName());
    List<RaftPeer> peers = new ArrayList<>();
    for (PeerRecord m : members) {
      peers.add(raftPeer(m));
    }
    RaftGroup group = RaftGroup.valueOf(groupId, peers);
    RaftProperties props = RatisSettings.server(config);
    MetricsBoard metrics = new MetricsBoard();
    PinStateMachine machine = new PinStateMachine(
        new Allocator(config.reserveBytes(), config.allocateBy()), metrics, config.clock());
    Files.createDirectories(config.storageDir());
    boolean exists = Files.isDirectory(config.storageDir().resolve(groupId.getUuid().toString()));
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.peerId()))
        .setGroup(group)
        .setStateMachine(machine)
        .setProperties(props)
        .setOption(exists ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw new IOException("cannot start the cluster peer on " + config.raftAddress() + ": " + e.getMessage()
          + " (is the port taken? choose another raft port)", e);
    }
    RaftPeer self = RaftPeer.newBuilder().setId(config.peerId()).setAddress(config.raftAddress()).build();
    List<RaftPeer> known = new ArrayList<>(peers);
    if (known.stream().noneMatch(p -> p.getId().equals(self.getId()))) {
      known.add(self);
    }
    RaftClient client = RaftClient.newBuilder()
        .setRaftGroup(RaftGroup.valueOf(groupId, known))
        .setProperties(props)
        .setRetryPolicy(RatisSettings.clientRetry(config))
        .build();
    return new ClusterPeer(config, group, metrics, machine, server, client);
  }

  /** The Raft group of a cluster: a name-based UUID, so every peer derives the same one. */
  static RaftGroupId groupId(String clusterName) { // package-private: Ratis types stay in this module
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
        ("cairn-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)));
  }

  private static RaftPeer raftPeer(PeerRecord p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build();
  }

  // ---------------------------------------------------------------- identity

  public String id() {
    return config.peerId();
  }

  /** The cluster's name (every peer of it has the same). */
  public String clusterName() {
    return config.clusterName();
  }

  public PeerRecord record() {
    return new PeerRecord(config.peerId(), config.raftAddress(), config.apiAddress());
  }

  /**
   * The metric tag under which a peer reports its gateway's base URL (set by the daemon), so
   * the others' trackers can fetch from it.
   */
  public static final String GATEWAY_TAG = "cairn.gateway";

  /** The metric tag under which a peer reports its REST API's base URL, for cluster-wide status. */
  public static final String API_TAG = "cairn.api";

  /** Peer id → REST API base URL, as the live peers (this one included) reported them. */
  public Map<String, String> peerApis() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (PeerMetric m : metrics.live(config.clock().millis())) {
      String url = m.tags().get(API_TAG);
      if (url != null && !url.isBlank()) {
        out.put(m.peer(), url);
      }
    }
    return out;
  }

  /** The gateway URLs the other live peers reported (their metrics' {@link #GATEWAY_TAG}). */
  public List<String> peerGateways() {
    List<String> out = new ArrayList<>();
    for (PeerMetric m : metrics.live(config.clock().millis())) {
      String url = m.tags().get(GATEWAY_TAG);
      if (!m.peer().equals(config.peerId()) && url != null && !url.isBlank()) {
        out.add(url);
      }
    }
    return out;
  }

  /** Where peers' metrics are put; allocation uses the live ones. */
  public MetricsBoard metrics() {
    return metrics;
  }

  /**
   * Reports this peer's metric (free bytes, tags) to itself and to every other member,
   * valid for {@code ttl} by each receiver's clock; not through the Raft log, and without
   * needing a leader. Returns how many other members took it (the unreachable are skipped:
   * their silence is what liveness is about). The daemon will call this every TTL/2.
   */
  public int publishMetric(long freeBytes, Map<String, String> tags, Duration ttl) throws IOException {
    lastReport = new Report(freeBytes, Map.copyOf(tags), ttl);
    long ttlMillis = ttl.toMillis();
    long now = config.clock().millis();
    metrics.put(PeerMetric.of(config.peerId(), freeBytes, tags, now + ttlMillis), now);
    Message report = Message.valueOf(ByteString.copyFrom(
        ClusterWire.encodeMetric(config.peerId(), freeBytes, tags, ttlMillis)));
    List<CompletableFuture<RaftClientReply>> sent = new ArrayList<>();
    for (RaftPeer member : server.getDivision(groupId).getRaftConf().getCurrentPeers()) {
      if (!member.getId().equals(selfId)) {
        RaftClient direct = reporters.computeIfAbsent(member.getId(), id -> RaftClient.newBuilder()
            .setRaftGroup(RaftGroup.valueOf(groupId, member))
            .setProperties(RatisSettings.reporter(config))
            .setRetryPolicy(RetryPolicies.noRetry())
            .build());
        sent.add(RaftCalls.start(() -> direct.io().sendStaleRead(report, -1, member.getId()))); // -1: even before anything is applied
      }
    }
    long deadline = Math.max(1, Math.min(config.requestTimeout().toMillis(), ttlMillis / 4));
    int reached = 0;
    for (CompletableFuture<RaftClientReply> f : sent) {
      try {
        if (f.get(deadline, TimeUnit.MILLISECONDS).isSuccess()) {
          reached++;
        }
      } catch (ExecutionException | TimeoutException unreachable) {
        // a silent peer misses this report; its own silence is what liveness is about
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted", false, e);
      }
    }
    return reached;
  }

  /**
   * On the leader: unpins every pin whose expiry has passed, and re-allocates every pin that
   * has a holder without a live metric (down, or no longer a member), keeping its live holders,
   * or that has fewer holders than replication-min while a live peer could take it (a pin left
   * under-replicated by an earlier best-effort repair, or -1 after a peer joined);
   * elsewhere does nothing. Returns how many pins were changed. The daemon will run it after
   * each metrics round; at most {@value #REPAIR_BATCH} pins per log entry.
   */
  public int repair() throws IOException {
    if (!isLeader()) {
      return 0;
    }
    long now = config.clock().millis();
    java.util.Set<String> members = new java.util.HashSet<>(members());
    java.util.Set<String> live = new java.util.HashSet<>();
    for (PeerMetric m : metrics.live(now)) {
      if (members.contains(m.peer())) {
        live.add(m.peer());
      }
    }
    List<ClusterRequest> needed = new ArrayList<>();
    for (ClusterPin pin : machine.state().pins()) {
      long expireAt = pin.options().expireAt();
      boolean expired = expireAt > 0 && expireAt <= now;
      int min = pin.options().replicationMin() == -1 ? live.size() : pin.options().replicationMin();
      boolean under = pin.allocations().size() < min
          && live.stream().anyMatch(p -> !pin.allocations().contains(p)); // a live peer could take it now
      if (expired) {
        needed.add(new ClusterRequest.Unpin(pin.cid()));
      } else if (under || !live.containsAll(pin.allocations())) {
        needed.add(new ClusterRequest.Reallocate(pin.cid()));
      }
    }
    // batches of re-allocations: a peer's death costs a few log entries, not one per pin; a
    // refused request (no live peer can take it now, or just unpinned) is simply not counted,
    // a lost majority stops the repair (the next round tries again)
    int changed = 0;
    for (int from = 0; from < needed.size(); from += REPAIR_BATCH) {
      for (BatchResult r : sendBatch(needed.subList(from, Math.min(needed.size(), from + REPAIR_BATCH)))) {
        if (r.refusal() == null) {
          changed++;
        }
      }
    }
    return changed;
  }

  /** The leader as this peer last knew it. */
  public Optional<String> leader() throws IOException {
    RaftPeerId leader = server.getDivision(groupId).getInfo().getLeaderId();
    return Optional.ofNullable(leader).map(RaftPeerId::toString);
  }

  public boolean isLeader() throws IOException {
    return server.getDivision(groupId).getInfo().isLeader();
  }

  /** The peers of the current Raft configuration (as this peer knows it), sorted. */
  public List<String> members() throws IOException {
    return server.getDivision(groupId).getRaftConf().getCurrentPeers().stream()
        .map(p -> p.getId().toString()).sorted().toList();
  }

  // ---------------------------------------------------------------- writes

  /**
   * Pins (or re-pins with new options) and returns the pin as committed, with its allocations.
   * Concurrent calls are committed together (one log entry); each returns once its own pin is
   * committed and applied on the leader.
   */
  public ClusterPin pin(Cid cid, PinOptions options) throws ClusterException {
    return written(writes.submit(new ClusterRequest.Pin(cid, options)), cid, true).orElseThrow();
  }

  public void unpin(Cid cid) throws ClusterException {
    written(writes.submit(new ClusterRequest.Unpin(cid)), cid, false);
  }

  /**
   * Chooses the allocations of a pinned CID again from the live peers (stable: holders that are
   * live stay); empty if it was unpinned meanwhile.
   */
  public Optional<ClusterPin> reallocate(Cid cid) throws ClusterException {
    return written(writes.submit(new ClusterRequest.Reallocate(cid)), cid, false);
  }

  private static Optional<ClusterPin> written(BatchResult r, Cid cid, boolean pinExpected) throws ClusterException {
    if (r.refusal() != null) {
      throw new ClusterException(r.refusal(), true, null);
    }
    if (pinExpected && r.pin() == null) {
      throw new ClusterException("the cluster's reply for " + cid + " holds no pin", false, null);
    }
    return Optional.ofNullable(r.pin());
  }

  /**
   * Commits {@code requests} (pins, unpins, re-allocations) as one log entry — a single request
   * as itself — and returns one result per request, in order.
   */
  List<BatchResult> sendBatch(List<ClusterRequest> requests) throws ClusterException {
    if (requests.size() == 1) {
      ClusterRequest only = requests.getFirst();
      try {
        ByteString reply = write(only);
        return List.of(reply.isEmpty() ? BatchResult.DONE : BatchResult.of(decodePin(reply, cidOf(only))));
      } catch (ClusterException e) {
        if (e.refused()) {
          return List.of(BatchResult.refused(e.getMessage()));
        }
        throw e;
      }
    }
    ByteString reply;
    try {
      reply = write(new ClusterRequest.Batch(requests));
    } catch (ClusterException e) {
      if (!e.refused()) {
        throw e;
      }
      // every request refused (nothing was logged): the leader's reasons, one per line, in order
      String[] reasons = e.getMessage().split("\n", -1);
      if (reasons.length > 0) { // Ratis may carry the first line as "SomeException: reason"
        reasons[0] = reasons[0].replaceFirst("^\\S+Exception: ", "");
      }
      List<BatchResult> out = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        out.add(BatchResult.refused(reasons.length == requests.size() ? reasons[i] : e.getMessage()));
      }
      return out;
    }
    try {
      return ClusterWire.decodeResults(reply.toByteArray());
    } catch (MalformedDataException e) {
      throw new ClusterException("the cluster's reply to a batch is malformed: " + e.getMessage(), false, e);
    }
  }

  private static Cid cidOf(ClusterRequest r) {
    return switch (r) {
      case ClusterRequest.Pin p -> p.cid();
      case ClusterRequest.Unpin u -> u.cid();
      case ClusterRequest.Reallocate a -> a.cid();
      default -> throw new IllegalArgumentException("not a pin request: " + r);
    };
  }

  /**
   * Adds a peer to the cluster, if {@code secret} is the cluster's: a Raft configuration change
   * (the leader brings the new peer up to date first, by log or snapshot), then a record of its
   * addresses in the state.
   */
  public void addPeer(PeerRecord peer, String secret) throws ClusterException {
    checkSecret(secret);
    synchronized (membership) { // Ratis refuses a configuration change while another is under way
      admin(SetConfigurationRequest.Arguments.newBuilder()
          .setServersInNewConf(List.of(raftPeer(peer)))
          .setMode(SetConfigurationRequest.Mode.ADD)
          .build(), "add " + peer.id());
      write(new ClusterRequest.AddPeer(peer));
    }
    Report report = lastReport;
    if (report != null) { // the new peer learns this one's gateway now, not at the next liveness round
      Thread.ofVirtual().name("cluster-report-to-new-peer").start(() -> {
        try {
          publishMetric(report.freeBytes(), report.tags(), report.ttl());
        } catch (IOException | RuntimeException e) {
          // the next liveness round reports again
        }
      });
    }
  }

  /**
   * Records this peer in the state with its addresses (a {@code peer-add} entry, so a
   * {@code peer-added} event in the audit history): for a peer that started a new cluster,
   * whose membership is the initial configuration rather than a join, so nothing else records
   * it. Needs a leader (fails within {@code requestTimeout} otherwise).
   */
  public void recordSelf() throws ClusterException {
    write(new ClusterRequest.AddPeer(record()));
  }

  /**
   * Removes a peer from the Raft configuration and the state; the leader's next
   * {@link #repair} moves its pins (a non-member counts as down).
   */
  public void removePeer(String id) throws ClusterException {
    synchronized (membership) {
      removeMember(id);
    }
  }

  private void removeMember(String id) throws ClusterException {
    List<RaftPeer> remaining = new ArrayList<>();
    try {
      for (RaftPeer p : server.getDivision(groupId).getRaftConf().getCurrentPeers()) {
        if (!p.getId().toString().equals(id)) {
          remaining.add(p);
        }
      }
      if (remaining.size() == server.getDivision(groupId).getRaftConf().getCurrentPeers().size()) {
        throw new ClusterException(id + " is not a peer of this cluster ('cairn cluster peers ls' lists them)",
            true, null);
      }
    } catch (IOException e) {
      throw e instanceof ClusterException ce ? ce
          : new ClusterException("cannot read the cluster's configuration: " + e.getMessage(), false, e);
    }
    admin(SetConfigurationRequest.Arguments.newBuilder().setServersInNewConf(remaining).build(), "remove " + id);
    write(new ClusterRequest.RemovePeer(id));
  }

  /** Takes a snapshot on this peer now (its log is purged up to it); returns its log index. */
  public long snapshot() throws ClusterException {
    try {
      RaftClientReply reply = client.getSnapshotManagementApi(selfId).create(true, config.requestTimeout().toMillis());
      if (!reply.isSuccess()) {
        throw new ClusterException("snapshot failed: " + reply.getException(), false, reply.getException());
      }
      return reply.getLogIndex();
    } catch (IOException e) {
      throw e instanceof ClusterException ce ? ce : new ClusterException("snapshot failed: " + e.getMessage(), false, e);
    }
  }

  private void checkSecret(String secret) throws ClusterException {
    if (config.secret().isEmpty()) {
      throw new ClusterException("this cluster has no secret set; set one before adding peers", true, null);
    }
    if (!MessageDigest.isEqual(config.secret().getBytes(StandardCharsets.UTF_8),
        Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8))) {
      throw new ClusterException("wrong cluster secret: use the secret of the cluster being joined", true, null);
    }
  }

  private void admin(SetConfigurationRequest.Arguments args, String what) throws ClusterException {
    try {
      RaftClientReply reply = client.admin().setConfiguration(args);
      if (!reply.isSuccess()) {
        throw new ClusterException("cannot " + what + ": " + reply.getException(), false, reply.getException());
      }
    } catch (IOException e) {
      throw e instanceof ClusterException ce ? ce
          : new ClusterException("cannot " + what + ": " + e.getMessage() + "; is a majority of peers up?", false, e);
    }
  }

  /**
   * Commits {@code request} and returns the leader's reply: handed to this peer's own server
   * when it leads (no loopback gRPC call: the leader's CPU per pin in {@code bench/cluster} fell
   * by a quarter), else through the Raft client, which finds the leader; also when leadership
   * moved between the check and the hand-over (nothing was logged then).
   */
  private ByteString write(ClusterRequest request) throws ClusterException {
    Message message = Message.valueOf(ByteString.copyFrom(ClusterWire.encodeRequest(request)));
    if (local.leaderReady()) {
      RaftClientReply reply = calls.await(local.write(message), "commit");
      if (reply.isSuccess()) {
        return reply.getMessage().getContent();
      }
      if (!LocalServer.notLeader(reply)) {
        throw RaftCalls.failure(reply.getException());
      }
    }
    return calls.run(() -> client.io().send(message), "commit").getMessage().getContent();
  }

  private static ClusterPin decodePin(ByteString bytes, Cid cid) throws ClusterException {
    try {
      return ClusterWire.decodePin(bytes.toByteArray());
    } catch (MalformedDataException e) {
      throw new ClusterException("the cluster's reply for " + cid + " is not a pin: " + e.getMessage(), false, e);
    }
  }

  // ---------------------------------------------------------------- reads (linearizable)

  /** Waits until this peer has applied everything committed before the call (ReadIndex). */
  private PinState readBarrier() throws ClusterException {
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    while (true) {
      Throwable problem;
      try {
        RaftClientReply reply = calls.await(local.read(Message.EMPTY), "read");
        if (reply.isSuccess()) {
          return machine.state();
        }
        problem = reply.getException();
      } catch (ClusterException e) {
        problem = e.getCause();
      }
      // no leader known yet (an election, a restart): Ratis answers at once, so wait and ask again
      boolean leaderUnknown = problem instanceof ReadIndexException
          || problem instanceof LeaderNotReadyException || problem instanceof NotLeaderException;
      if (!leaderUnknown || System.nanoTime() > deadline) {
        throw problem instanceof TimeoutException
            ? new ClusterException("could not read within " + config.requestTimeout().toMillis()
                + " ms: no leader with a majority reachable; check that most peers are up", false, problem)
            : RaftCalls.failure(problem);
      }
      RaftCalls.pause();
    }
  }

  public Optional<ClusterPin> status(Cid cid) throws ClusterException {
    return readBarrier().get(cid);
  }

  /** Every pin, ordered by CID. */
  public List<ClusterPin> pins() throws ClusterException {
    return readBarrier().pins();
  }

  /** The member records (addresses) in the state, ordered by id. */
  public List<PeerRecord> peerRecords() throws ClusterException {
    return readBarrier().peers();
  }

  public List<HistoryEvent> history(Cid cid) throws IOException {
    return readBarrier().history(cid);
  }

  /** Every change of the cluster's membership (peer added, removed), oldest first. */
  public List<MemberEvent> memberHistory() throws IOException {
    return readBarrier().memberHistory();
  }

  /**
   * Who held what at {@code time}, streamed in CID order from the history on disk (close the
   * cursor); the read barrier is passed before this returns.
   */
  public HistoryCursor<Holding> holdingsAt(Instant time) throws IOException {
    return readBarrier().stateAt(time.toEpochMilli());
  }

  /** Who held what at {@code time}: CID → allocations, for every CID pinned then (gathered in memory). */
  public SortedMap<Cid, List<String>> stateAt(Instant time) throws IOException {
    return readBarrier().stateAtMap(time.toEpochMilli());
  }

  /** This peer's state as applied so far, without a barrier (may lag the leader). */
  public List<ClusterPin> pinsLocal() {
    return machine.state().pins();
  }

  /** Whether this peer's state machine has loaded or installed a snapshot. */
  boolean hasSnapshot() {
    return machine.getStateMachineStorage().getLatestSnapshot() != null;
  }

  long appliedIndex() {
    return machine.getLastAppliedTermIndex().getIndex();
  }

  void addListener(PinStateMachine.Listener listener) {
    machine.addListener(listener);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void close() throws IOException {
    try {
      server.close(); // first: the client's channels then end at once instead of draining
    } finally {
      client.close();
      for (RaftClient r : reporters.values()) {
        r.close();
      }
    }
  }
}
