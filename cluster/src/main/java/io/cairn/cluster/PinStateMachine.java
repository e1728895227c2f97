package io.cairn.cluster;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The Ratis state machine around {@link PinState}.
 *
 * <ul>
 *   <li>{@link #startTransaction} runs on the leader only: it decodes the client's
 *       {@link ClusterRequest}, stamps the leader's time, runs the {@link Allocator} for pins
 *       and re-allocations, and writes the resulting {@link ClusterEntry} as the log data. A
 *       request that cannot be served fails here and never reaches the log.
 *   <li>{@link #applyTransaction} decodes the entry and applies it; it reads no clock and no
 *       metric. Its reply is the pin the entry left, if any.
 *   <li>{@link #query} is the read barrier: it carries nothing; Ratis runs it once this server
 *       has applied the leader's commit index (linearizable reads), after which callers read
 *       {@link #state()} directly. A non-empty query is a peer's metric report.
 *   <li>Snapshots are {@link SnapshotFile}s under Ratis' names, written to a temporary file,
 *       synced, renamed, with their MD5 beside them; loaded at start and after an install.
 * </ul>
 */
final class PinStateMachine extends BaseStateMachine {
  /** Told of each applied entry, on Ratis' apply thread (the seam for the pin tracker). */
  interface Listener {
    void applied(long index, ClusterEntry entry, Optional<ClusterPin> after);
  }

  /** Set in {@link #initialize}, with the history it opens beside Ratis' storage. */
  private volatile PinState state;
  private HistoryStore history;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  /** See {@link #getLatestSnapshot()}; null until a snapshot exists. */
  private volatile SingleFileSnapshotInfo latestSnapshot;
  private final Allocator allocator;
  private final MetricsBoard metrics;
  private final Clock clock;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /**
   * Leader only: allocations chosen for entries not yet applied, so a burst of concurrent pins
   * is spread as if they came one by one (the applied counts lag the log). Guarded by itself;
   * taken before the state's monitor.
   */
  private final Map<String, Integer> pending = new HashMap<>();

  PinStateMachine(Allocator allocator, MetricsBoard metrics, Clock clock) {
    this.allocator = allocator;
    this.metrics = metrics;
    this.clock = clock;
  }

  PinState state() {
    return state;
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /**
   * The latest snapshot as loaded, installed or taken here. Ratis' storage lists its directory
   * on every call while it has none, and the leader's log appenders ask once per append (seen
   * in CPU profiles of {@code bench/cluster}, where 10,000 pins never reach a snapshot).
   */
  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return latestSnapshot;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    // inside the group's directory: a reformatted Raft storage takes its history with it
    history = HistoryStore.open(raftStorage.getStorageDir().getRoot().toPath().resolve("history"));
    state = new PinState(history);
    // Ratis pauses a RUNNING state machine before an installed snapshot is loaded
    latestSnapshot = storage.getLatestSnapshot();
    getLifeCycle().startAndTransition(() -> load(latestSnapshot, true));
  }

  /** Ratis pauses the machine before it loads a snapshot installed from the leader (3.3's base class does nothing). */
  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /** Called by Ratis after {@link #pause()} once a snapshot from the leader is installed. */
  @Override
  public void reinitialize() throws IOException {
    latestSnapshot = storage.loadLatestSnapshot();
    getLifeCycle().startAndTransition(() -> load(latestSnapshot, false));
  }

  // ---------------------------------------------------------------- leader: request → entry

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder b = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request);
    try {
      ClusterRequest r = ClusterWire.decodeRequest(request.getMessage().getContent().toByteArray());
      ClusterEntry entry;
      Pending context;
      synchronized (pending) {
        long now = Math.max(clock.millis(), state.lastTime());
        Map<String, Integer> counts = allocatedWithPending();
        if (r instanceof ClusterRequest.Batch batch) {
          List<ClusterEntry> entries = new ArrayList<>(batch.requests().size());
          List<String> refusals = new ArrayList<>(batch.requests().size());
          List<String> added = new ArrayList<>();
          List<PeerMetric> live = liveMembers(now);
          Map<Cid, Optional<ClusterPin>> staged = new HashMap<>(); // what earlier requests of the batch left
          Function<Cid, Optional<ClusterPin>> view = cid -> staged.containsKey(cid) ? staged.get(cid) : state.get(cid);
          for (ClusterRequest one : batch.requests()) {
            try {
              ClusterEntry e = toEntry(one, now, live, counts, view);
              added.addAll(allocate(e, counts, view));
              staged.put(cidOf(e), after(e, view));
              entries.add(e);
              refusals.add(null);
            } catch (AllocationException | RefusedException refused) {
              refusals.add(refused.getMessage()); // this request only: the others go on
            }
          }
          if (entries.isEmpty()) { // nothing to log: every reason goes back, one per line, in order
            throw new RefusedException(String.join("\n", refusals));
          }
          entry = new ClusterEntry.Batch(now, entries);
          context = new Pending(added, refusals);
        } else {
          entry = toEntry(r, now, r instanceof ClusterRequest.Pin || r instanceof ClusterRequest.Reallocate
              ? liveMembers(now) : List.of(), counts, state::get);
          context = new Pending(allocate(entry, counts, state::get), null);
        }
      }
      return b.setLogData(ByteString.copyFrom(ClusterWire.encodeEntry(entry)))
          .setStateMachineContext(context).build();
    } catch (MalformedDataException | AllocationException | RefusedException e) {
      TransactionContext refused = b.build();
      refused.setException(e);
      return refused;
    }
  }

  /**
   * The allocations an entry adds, counted in {@link #pending} until it is applied or cancelled;
   * for a batch also each request's refusal (null where it went into the entry), in order.
   */
  private record Pending(List<String> added, List<String> refusals) {}

  /** Counts the peers {@code entry} newly allocates as pending (and in {@code counts}); returns them. */
  private List<String> allocate(ClusterEntry entry, Map<String, Integer> counts,
      Function<Cid, Optional<ClusterPin>> view) {
    if (!(entry instanceof ClusterEntry.Pin || entry instanceof ClusterEntry.Allocate)) {
      return List.of();
    }
    List<String> added = newlyAllocated(entry, view);
    count(added, 1);
    for (String peer : added) {
      counts.merge(peer, 1, Integer::sum);
    }
    return added;
  }

  private static List<String> newlyAllocated(ClusterEntry entry, Function<Cid, Optional<ClusterPin>> view) {
    Cid cid = cidOf(entry);
    List<String> now = entry instanceof ClusterEntry.Pin p ? p.allocations() : ((ClusterEntry.Allocate) entry).allocations();
    List<String> before = view.apply(cid).map(ClusterPin::allocations).orElse(List.of());
    return now.stream().filter(peer -> !before.contains(peer)).toList();
  }

  private static Cid cidOf(ClusterEntry e) {
    return switch (e) {
      case ClusterEntry.Pin p -> p.cid();
      case ClusterEntry.Unpin u -> u.cid();
      case ClusterEntry.Allocate a -> a.cid();
      default -> throw new IllegalArgumentException("not a pin entry: " + e);
    };
  }

  /** The pin a batched entry leaves, as the leader foresees it for the batch's later requests. */
  private static Optional<ClusterPin> after(ClusterEntry e, Function<Cid, Optional<ClusterPin>> view) {
    Optional<ClusterPin> old = view.apply(cidOf(e));
    return switch (e) {
      case ClusterEntry.Pin p -> Optional.of(new ClusterPin(p.cid(), p.options(), p.allocations(),
          old.map(ClusterPin::createdAt).orElse(p.time()), p.time()));
      case ClusterEntry.Allocate a -> old.map(o -> new ClusterPin(o.cid(), o.options(), a.allocations(), o.createdAt(), a.time()));
      default -> Optional.empty();
    };
  }

  private void count(List<String> peers, int delta) {
    for (String peer : peers) {
      // never below zero: a release after a leader change finds the map already cleared
      pending.compute(peer, (p, n) -> {
        int next = (n == null ? 0 : n) + delta;
        return next <= 0 ? null : next;
      });
    }
  }

  private void release(TransactionContext trx) {
    if (trx.getStateMachineContext() instanceof Pending p) {
      count(p.added(), -1);
    }
  }

  /** Applied counts plus what this leader has allocated and not yet applied. */
  private Map<String, Integer> allocatedWithPending() {
    Map<String, Integer> counts = new HashMap<>(state.allocatedCounts());
    pending.forEach((peer, n) -> counts.merge(peer, n, Integer::sum));
    return counts;
  }

  @Override
  public TransactionContext cancelTransaction(TransactionContext trx) throws IOException {
    synchronized (pending) {
      release(trx);
    }
    return super.cancelTransaction(trx);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
    if (!member.getPeerId().equals(newLeader)) {
      synchronized (pending) {
        pending.clear(); // not the leader: nothing of ours is in flight any more
      }
    }
  }

  /** A request the state refuses (e.g. unpinning what is not pinned). */
  static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * The entry the leader logs for one request, at {@code now}, allocating over {@code live}
   * with {@code counts} (applied plus pending allocations per peer), seeing pins through
   * {@code view} (the applied state, and in a batch what its earlier requests left).
   */
  private ClusterEntry toEntry(ClusterRequest request, long now, List<PeerMetric> live, Map<String, Integer> counts,
      Function<Cid, Optional<ClusterPin>> view) throws AllocationException, RefusedException {
    return switch (request) {
      case ClusterRequest.Pin p -> {
        List<String> current = view.apply(p.cid()).map(ClusterPin::allocations).orElse(List.of());
        yield new ClusterEntry.Pin(now, p.cid(), p.options(), allocator.allocate(p.options(), current, live, counts));
      }
      case ClusterRequest.Unpin u -> {
        if (view.apply(u.cid()).isEmpty()) {
          throw new RefusedException(u.cid() + " is not pinned in the cluster");
        }
        yield new ClusterEntry.Unpin(now, u.cid());
      }
      case ClusterRequest.Reallocate r -> {
        ClusterPin pin = view.apply(r.cid())
            .orElseThrow(() -> new RefusedException(r.cid() + " is not pinned in the cluster"));
        yield new ClusterEntry.Allocate(now, r.cid(), allocator.allocate(pin.options(), pin.allocations(), live, counts, true));
      }
      case ClusterRequest.AddPeer a -> new ClusterEntry.AddPeer(now, a.peer());
      case ClusterRequest.RemovePeer r -> new ClusterEntry.RemovePeer(now, r.id());
      case ClusterRequest.Batch b -> throw new IllegalArgumentException("a batch inside a batch");
    };
  }

  /** Live metrics of the peers in the current Raft configuration. */
  private List<PeerMetric> liveMembers(long now) throws IOException {
    Set<String> members = new HashSet<>();
    for (RaftPeer p : getServer().join().getDivision(getGroupId()).getRaftConf().getCurrentPeers()) {
      members.add(p.getId().toString());
    }
    return metrics.live(now).stream().filter(m -> members.contains(m.peer())).toList();
  }

  // ---------------------------------------------------------------- every peer: apply

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto log = trx.getLogEntry();
    ClusterEntry entry;
    try {
      entry = ClusterWire.decodeEntry(log.getStateMachineLogEntry().getLogData().toByteArray());
    } catch (MalformedDataException e) {
      return CompletableFuture.failedFuture(
          new IOException("log entry " + log.getIndex() + " is not a cluster entry: " + e.getMessage(), e));
    }
    List<ClusterEntry> entries = entry instanceof ClusterEntry.Batch b ? b.entries() : List.of(entry);
    List<Optional<ClusterPin>> after = new ArrayList<>(entries.size());
    synchronized (pending) {
      synchronized (state) {
        try {
          after.addAll(state.applyEntry(log.getIndex(), entry)); // its history events: one write batch
        } catch (IOException e) {
          return CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(log.getTerm(), log.getIndex());
      }
      release(trx); // now counted in the state
    }
    for (int i = 0; i < entries.size(); i++) {
      for (Listener l : listeners) {
        l.applied(log.getIndex(), entries.get(i), after.get(i));
      }
    }
    if (entry instanceof ClusterEntry.Batch) {
      return CompletableFuture.completedFuture(batchReply(trx, after));
    }
    return CompletableFuture.completedFuture(after.getFirst()
        .map(p -> Message.valueOf(ByteString.copyFrom(ClusterWire.encodePin(p)))).orElse(Message.EMPTY));
  }

  /**
   * One result per request of the batch, in order: the leader that built the entry knows which
   * requests it refused (its transaction context); elsewhere nobody waits for the reply.
   */
  private static Message batchReply(TransactionContext trx, List<Optional<ClusterPin>> after) {
    if (!(trx.getStateMachineContext() instanceof Pending p) || p.refusals() == null) {
      return Message.EMPTY;
    }
    List<BatchResult> results = new ArrayList<>(p.refusals().size());
    int next = 0;
    for (String refusal : p.refusals()) {
      results.add(refusal != null ? BatchResult.refused(refusal)
          : after.get(next++).map(BatchResult::of).orElse(BatchResult.DONE));
    }
    return Message.valueOf(ByteString.copyFrom(ClusterWire.encodeResults(results)));
  }

  /**
   * An empty message is the linearizable read barrier; anything else is another peer's
   * metric, sent straight to this server (Ratis stale read, no log, no leader), put on the
   * board with an expiry by this peer's clock.
   */
  /** Metric reports come as stale reads; they need no applied index. */
  @Override
  public CompletableFuture<Message> queryStale(Message request, long minIndex) {
    return request.getContent().isEmpty() ? super.queryStale(request, minIndex) : query(request);
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    if (request.getContent().isEmpty()) {
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    try {
      long now = clock.millis();
      metrics.put(ClusterWire.decodeMetric(request.getContent().toByteArray(), now), now);
      return CompletableFuture.completedFuture(Message.EMPTY);
    } catch (MalformedDataException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Writes the state at the last applied index: under the state's monitor, the history on disk
   * is made durable up to that index and frozen (a RocksDB snapshot) with a copy of the pinset;
   * the file is then streamed from the frozen view without the monitor.
   */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last;
    PinState.Frozen frozen;
    synchronized (state) {
      last = getLastAppliedTermIndex();
      if (last == null || last.getIndex() < 0) {
        return RaftLog.INVALID_LOG_INDEX;
      }
      // before the file exists: a start-up from this snapshot then keeps the history on disk
      history.markDurable(last.getIndex());
      frozen = state.freeze();
    }
    try (frozen) {
      File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
      Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        frozen.writeTo(new SnapshotFile.Writer(out));
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
      latestSnapshot = new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last);
      storage.updateLatestSnapshot(latestSnapshot);
      return last.getIndex();
    }
  }

  /**
   * Loads a snapshot (or, with none, starts from an empty state). The history on disk is kept
   * at start-up when it is durable up to the snapshot's index (the entries after it are applied
   * again from the log, rewriting the same keys); it is rebuilt from the file when installed
   * from the leader ({@code atStart} false) or when it is behind the snapshot. With no snapshot,
   * a history never made durable is cleared: the whole log is applied again.
   */
  private void load(SingleFileSnapshotInfo snapshot, boolean atStart) throws IOException {
    if (snapshot == null) {
      if (history.durableThrough() < 0) {
        history.clear();
      }
      return;
    }
    Path path = snapshot.getFile().getPath();
    MD5Hash expected = snapshot.getFile().getFileDigest();
    if (expected != null && !expected.equals(MD5FileUtil.computeMd5ForFile(path.toFile()))) {
      throw new IOException("cluster snapshot " + path + " does not match its MD5; move it away to recover from the other peers");
    }
    long index = snapshot.getTermIndex().getIndex();
    boolean keepHistory = atStart && history.durableThrough() >= index;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      synchronized (state) {
        state.replaceWith(in, keepHistory, index);
        setLastAppliedTermIndex(snapshot.getTermIndex());
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (history != null) {
        history.close();
      }
    }
  }
}
