package io.cairn.cluster;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.store.Pin;
import io.cairn.store.Store;
import io.cairn.transfer.Transfer;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Makes one peer's node hold what the cluster allocates to it. Told of every applied entry
 * (the {@link PinStateMachine.Listener} seam), it queues a pin for each CID allocated here and
 * an unpin for each CID it holds that no longer is; workers fetch the DAG through the node's
 * {@link Transfer} (the other peers' gateways added as providers) and write the node's own pin
 * with the last blocks, so garbage collection keeps cluster content.
 *
 * <p>The node's pins are keyed by CID; the tracker names its pins {@value #PIN_PREFIX}NAME and
 * only ever removes pins so named: a CID the user pinned by hand stays pinned when the cluster
 * lets go of it, and counts as pinned here while allocated.
 *
 * <p>A pin whose one block is already held (a direct pin, or a raw leaf — the common small
 * pin) needs no fetch: it is written with the others ready at the same time, in one store
 * commit ({@link PinWrites}); one whose block is not held is asked of the other peers with the
 * others waiting, many per request and one commit per answer ({@link PeerBlocks}).
 *
 * <p>A failed attempt is {@code pin_error} with its message, and is retried after a back-off
 * doubling from {@code retryBase} to {@code retryMax}, without limit; {@link #recover} retries
 * at once. Every state carries attempts, last error, time of the last change, next retry and
 * the blocks/bytes fetched so far, so nothing sits in a queue silently.
 */
public final class PinTracker implements Closeable {
  /** Name prefix of the node pins this tracker owns. */
  public static final String PIN_PREFIX = "cluster:";

  private final ClusterPeer peer;
  private final Store store;
  private final Transfer transfer;
  private final Supplier<List<String>> providers;
  private final Clock clock;
  private final long retryBaseMillis;
  private final long retryMaxMillis;
  /**
   * Threads per fetch slot: a small pin (one block, held or asked of the peers in a batch) needs
   * a thread but no slot, so more of them wait together and leave in fewer, larger batches.
   */
  static final int SMALL_PER_WORKER = 4;

  private final ExecutorService workers;
  /** Ordinary fetches (DAGs, or a small pin no peer sent) at once: {@code workerCount}. */
  private final Semaphore fetchSlots;
  /** Pins of content already held here are written together (one store commit for many). */
  private final PinWrites pinWrites;
  /** Small pins' blocks fetched from the other peers many per request; null: each fetched on its own. */
  private final PeerBlocks peerBlocks;
  private final ScheduledExecutorService retries;
  /** What the cluster wants here: a pin (allocated here) or null meaning "not here". */
  private final Map<Cid, Optional<ClusterPin>> wanted = new ConcurrentHashMap<>();
  private final Map<Cid, PeerPinState> states = new ConcurrentHashMap<>();
  /** CIDs a worker is on, and those changed meanwhile (run again after). Guarded by this. */
  private final Set<Cid> busy = new HashSet<>();
  private final Set<Cid> again = new HashSet<>();
  private volatile boolean closed;
  private volatile boolean reconciled;

  private PinTracker(ClusterPeer peer, Store store, Transfer transfer, Supplier<List<String>> providers,
      int workerCount, Duration retryBase, Duration retryMax, Clock clock, PeerBlocks peerBlocks) {
    this.peer = peer;
    this.peerBlocks = peerBlocks;
    this.store = store;
    this.transfer = transfer;
    this.providers = providers;
    this.clock = clock;
    this.retryBaseMillis = Math.max(1, retryBase.toMillis());
    this.retryMaxMillis = Math.max(retryBaseMillis, retryMax.toMillis());
    this.workers = Executors.newFixedThreadPool(workerCount * SMALL_PER_WORKER, named("cluster-pin-" + peer.id()));
    this.fetchSlots = new Semaphore(workerCount);
    this.pinWrites = new PinWrites(store);
    this.retries = Executors.newSingleThreadScheduledExecutor(named("cluster-retry-" + peer.id()));
  }

  /**
   * Starts tracking for {@code peer}: listens to its applied entries, then, in the background
   * once this peer has caught up with the leader (a linearizable read), reconciles the node with
   * the state: pins what is allocated here, unpins its own pins that no longer are (the surplus
   * after a restart). {@code providers} gives the other peers' gateway URLs at each attempt;
   * {@code workerCount} fetches run at once (small pins take a thread, not a fetch slot).
   */
  public static PinTracker start(ClusterPeer peer, Store store, Transfer transfer, Supplier<List<String>> providers,
      int workerCount, Duration retryBase, Duration retryMax) {
    Objects.requireNonNull(transfer, "transfer (the tracker fetches through the node's transfer engine)");
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount < 1");
    }
    return start(peer, store, transfer, providers, workerCount, retryBase, retryMax, (PeerBlocks) null);
  }

  /**
   * As above; a pin of one block (direct, or a raw leaf) that is not held here is first asked
   * of the other live peers' cluster APIs with many others in one request (Cairn's {@code POST
   * /blocks}, with the cluster {@code secret}), and fetched the ordinary way only if none sends it.
   */
  public static PinTracker start(ClusterPeer peer, Store store, Transfer transfer, Supplier<List<String>> providers,
      int workerCount, Duration retryBase, Duration retryMax, String secret) throws IOException {
    Objects.requireNonNull(transfer, "transfer (the tracker fetches through the node's transfer engine)");
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount < 1");
    }
    return start(peer, store, transfer, providers, workerCount, retryBase, retryMax,
        new PeerBlocks(store, peer.id(), peer::peerApis, Objects.requireNonNull(secret, "secret")));
  }

  private static PinTracker start(ClusterPeer peer, Store store, Transfer transfer, Supplier<List<String>> providers,
      int workerCount, Duration retryBase, Duration retryMax, PeerBlocks peerBlocks) {
    PinTracker t = new PinTracker(Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(store, "store"),
        transfer, Objects.requireNonNull(providers, "providers"), workerCount, retryBase, retryMax, Clock.systemUTC(),
        peerBlocks);
    peer.addListener(t::applied);
    Thread.ofVirtual().name("cluster-reconcile-" + peer.id()).start(t::reconcileWhenCaughtUp);
    return t;
  }

  private void reconcileWhenCaughtUp() {
    while (!closed) {
      try {
        reconcile(peer.pins()); // the read barrier: this peer has applied what the leader committed
        return;
      } catch (IOException | RuntimeException e) {
        try {
          Thread.sleep(retryBaseMillis); // no leader yet (a restart, an election): try again
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /**
   * Queues what {@code pins} (the applied state) asks of this node against what the node holds.
   * A CID an applied entry has decided meanwhile is left to that decision.
   */
  void reconcile(List<ClusterPin> pins) throws IOException {
    Set<Cid> allocatedHere = new HashSet<>();
    for (ClusterPin p : pins) {
      if (p.allocations().contains(peer.id())) {
        allocatedHere.add(p.cid());
        if (!wanted.containsKey(p.cid())) {
          want(p.cid(), Optional.of(p));
        }
      }
    }
    for (Pin local : store.pins()) {
      if (local.name().startsWith(PIN_PREFIX) && !allocatedHere.contains(local.cid())
          && !wanted.containsKey(local.cid())) {
        want(local.cid(), Optional.empty());
      }
    }
    reconciled = true;
  }

  /** Whether the first reconciliation (after catching up) is done. */
  public boolean reconciled() {
    return reconciled;
  }

  private void applied(long index, ClusterEntry entry, Optional<ClusterPin> after) {
    Cid cid = switch (entry) {
      case ClusterEntry.Pin p -> p.cid();
      case ClusterEntry.Unpin u -> u.cid();
      case ClusterEntry.Allocate a -> a.cid();
      default -> null;
    };
    if (cid == null) {
      return;
    }
    if (after.isPresent() && after.get().allocations().contains(peer.id())) {
      want(cid, after);
    } else if (states.containsKey(cid)) {
      want(cid, Optional.empty());
    }
  }

  private void want(Cid cid, Optional<ClusterPin> pin) {
    long now = clock.millis();
    wanted.put(cid, pin);
    states.compute(cid, (c, old) -> {
      TrackerStatus queued = pin.isPresent() ? TrackerStatus.PIN_QUEUED : TrackerStatus.UNPIN_QUEUED;
      if (old == null) {
        return PeerPinState.of(c, queued, now);
      }
      if (pin.isPresent() && old.status() == TrackerStatus.PINNED) {
        return old; // a re-allocation that keeps this peer: still pinned (checked again below)
      }
      return old.with(queued, now);
    });
    submit(cid);
  }

  private void submit(Cid cid) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!busy.add(cid)) {
        again.add(cid);
        return;
      }
    }
    workers.execute(() -> run(cid));
  }

  private void run(Cid cid) {
    try {
      work(cid);
    } finally {
      boolean repeat;
      synchronized (this) {
        repeat = again.remove(cid);
        if (!repeat) {
          busy.remove(cid);
        }
      }
      if (repeat && !closed) {
        workers.execute(() -> run(cid));
      }
    }
  }

  private void work(Cid cid) {
    Optional<ClusterPin> want = wanted.get(cid);
    if (want == null) {
      return;
    }
    if (want.isPresent()) {
      pin(want.get());
    } else {
      unpin(cid);
    }
  }

  private void pin(ClusterPin pin) {
    Cid cid = pin.cid();
    PeerPinState before = states.get(cid);
    Pin nodePin = new Pin(cid, pin.options().mode() == PinMode.DIRECT
        ? io.cairn.store.PinMode.DIRECT : io.cairn.store.PinMode.RECURSIVE, PIN_PREFIX + pin.options().name());
    try {
      Optional<Pin> existing = store.pin(cid);
      // the user's own pin counts as pinned; ours is rewritten when the pin's mode or name changed
      if (existing.isPresent() && (!existing.get().name().startsWith(PIN_PREFIX) || existing.get().equals(nodePin))) {
        set(cid, s -> new PeerPinState(cid, TrackerStatus.PINNED, s.attempts(), "", clock.millis(), 0,
            s.blocks(), s.bytes()));
        return;
      }
    } catch (IOException e) {
      failed(cid, TrackerStatus.PIN_ERROR, e);
      return;
    }
    int attempt = (before == null ? 0 : before.attempts()) + 1;
    long start = clock.millis();
    set(cid, s -> new PeerPinState(cid, TrackerStatus.PINNING, attempt, s.error(), start, 0, 0, 0));
    AtomicLong blocks = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    try {
      boolean oneBlock = nodePin.mode() == io.cairn.store.PinMode.DIRECT || cid.codec().equals(Multicodec.RAW);
      long sent;
      if (oneBlock && store.has(cid)) {
        pinWrites.put(nodePin); // nothing to fetch: written with the other pins ready now
      } else if (oneBlock && peerBlocks != null && (sent = peerBlocks.fetch(nodePin)) >= 0) {
        blocks.incrementAndGet(); // came with other small pins' blocks, written with its pin
        bytes.addAndGet(sent);
      } else {
        fetchSlots.acquireUninterruptibly();
        try {
          fetch(cid, nodePin, blocks, bytes);
        } finally {
          fetchSlots.release();
        }
      }
      set(cid, s -> new PeerPinState(cid, TrackerStatus.PINNED, attempt, "", clock.millis(), 0,
          blocks.get(), bytes.get()));
    } catch (IOException | RuntimeException e) {
      failed(cid, TrackerStatus.PIN_ERROR, e);
    }
  }

  /** Fetches {@code cid} through the node's transfer engine and writes {@code nodePin} with it. */
  private void fetch(Cid cid, Pin nodePin, AtomicLong blocks, AtomicLong bytes) throws IOException {
    if (nodePin.mode() == io.cairn.store.PinMode.DIRECT) {
      byte[] block = transfer.fetchBlock(cid, others());
      blocks.incrementAndGet();
      bytes.addAndGet(block.length);
      store.putPin(nodePin);
    } else {
      transfer.fetchDag(cid, others(), List.of(nodePin), (c, size, from) -> {
        blocks.incrementAndGet();
        bytes.addAndGet(size);
        set(cid, s -> s.status() == TrackerStatus.PINNING
            ? new PeerPinState(cid, s.status(), s.attempts(), s.error(), s.since(), 0, blocks.get(), bytes.get())
            : s);
      });
    }
  }

  private List<String> others() {
    List<String> out = new ArrayList<>();
    for (String url : providers.get()) {
      if (url != null && !url.isBlank()) {
        out.add(url);
      }
    }
    return out;
  }

  private void unpin(Cid cid) {
    try {
      Optional<Pin> local = store.pin(cid);
      if (local.isPresent() && local.get().name().startsWith(PIN_PREFIX)) {
        set(cid, s -> s.with(TrackerStatus.UNPINNING, clock.millis()));
        store.removePin(cid);
      }
      // dropped only if nothing was asked meanwhile (a new pin entry replaces the wish)
      if (wanted.remove(cid, Optional.empty())) {
        states.remove(cid);
      }
    } catch (IOException | RuntimeException e) {
      failed(cid, TrackerStatus.UNPIN_ERROR, e);
    }
  }

  private void failed(Cid cid, TrackerStatus status, Exception e) {
    long now = clock.millis();
    PeerPinState s = set(cid, old -> {
      int attempts = Math.max(1, old.attempts());
      long delay = backoff(attempts);
      return new PeerPinState(cid, status, attempts, String.valueOf(e.getMessage()), now, now + delay,
          old.blocks(), old.bytes());
    });
    if (s != null && !closed) {
      long attemptsSeen = s.attempts();
      retries.schedule(() -> {
        PeerPinState current = states.get(cid);
        if (current != null && current.status() == status && current.attempts() == attemptsSeen) {
          submit(cid);
        }
      }, s.nextRetryAt() - now, TimeUnit.MILLISECONDS);
    }
  }

  /** Back-off before retry number {@code attempts}: retryBase · 2^(attempts-1), at most retryMax. */
  long backoff(int attempts) {
    int shift = Math.min(30, Math.max(0, attempts - 1));
    return Math.min(retryMaxMillis, retryBaseMillis << shift);
  }

  private PeerPinState set(Cid cid, java.util.function.UnaryOperator<PeerPinState> change) {
    return states.computeIfPresent(cid, (c, s) -> change.apply(s));
  }

  // ---------------------------------------------------------------- status and recover

  /**
   * This peer's state of {@code pin} (null: not pinned in the cluster): tracked progress if
   * allocated here, {@code unexpectedly_unpinned} if it was pinned and the node's pin is gone,
   * {@code remote} if allocated elsewhere, {@code unpinned} if not pinned at all.
   */
  public PeerPinState status(Cid cid, ClusterPin pin) {
    long now = clock.millis();
    PeerPinState s = states.get(cid);
    if (pin == null || !pin.allocations().contains(peer.id())) {
      if (s != null && s.status() != TrackerStatus.PINNED) {
        return s; // an unpin on its way
      }
      return PeerPinState.of(cid, pin == null ? TrackerStatus.UNPINNED : TrackerStatus.REMOTE,
          pin == null ? now : pin.updatedAt());
    }
    if (s == null) {
      return PeerPinState.of(cid, TrackerStatus.PIN_QUEUED, pin.updatedAt());
    }
    if (s.status() == TrackerStatus.PINNED) {
      try {
        if (store.pin(cid).isEmpty()) {
          return s.with(TrackerStatus.UNEXPECTEDLY_UNPINNED, now);
        }
      } catch (IOException e) {
        return new PeerPinState(cid, TrackerStatus.CLUSTER_ERROR, s.attempts(), e.getMessage(), now, 0,
            s.blocks(), s.bytes());
      }
    }
    return s;
  }

  /** Tries {@code cid} again now (attempts start over); the state it is in after being queued. */
  public PeerPinState recover(Cid cid, ClusterPin pin) {
    if (pin != null && pin.allocations().contains(peer.id())) {
      states.compute(cid, (c, s) -> PeerPinState.of(c, TrackerStatus.PIN_QUEUED, clock.millis()));
      wanted.put(cid, Optional.of(pin));
      if (status(cid, pin).status() == TrackerStatus.PIN_QUEUED) {
        submit(cid);
      }
    } else if (states.containsKey(cid)) {
      want(cid, Optional.empty());
    }
    return status(cid, pin);
  }

  /** Recovers every pin here in error or unexpectedly unpinned; returns how many. */
  public int recoverAll(List<ClusterPin> pins) {
    int n = 0;
    for (ClusterPin p : pins) {
      TrackerStatus st = status(p.cid(), p).status();
      if (st == TrackerStatus.PIN_ERROR || st == TrackerStatus.UNPIN_ERROR
          || st == TrackerStatus.UNEXPECTEDLY_UNPINNED) {
        recover(p.cid(), p);
        n++;
      }
    }
    return n;
  }

  /** Tracked states here (allocated here, or on their way out), any order. */
  public List<PeerPinState> tracked() {
    return List.copyOf(states.values());
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    retries.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (peerBlocks != null) {
        peerBlocks.close();
      }
    }
  }
}
