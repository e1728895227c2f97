package io.cairn.transfer;

import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.Links;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Fills a store with one DAG (or one block) from several providers. One dispatcher (the
 * caller's thread) deals {@link WorkItem}s — subtree roots — to requests on virtual threads:
 *
 * <ul>
 *   <li>an item already held is walked locally, and its missing children become items (so a
 *       restarted fetch asks only for what it lacks);
 *   <li>a block without links (raw codec), or any block while requests could run but the queue
 *       has too few items to fill them (unless its parent's link says the subtree is smaller
 *       than {@link #SPLIT_MIN}), is fetched alone ({@code format=raw}) and its links become
 *       items: this splits a large DAG into subtrees dealt out to several providers;
 *   <li>otherwise the whole subtree is asked for as one CAR ({@code dag-scope=all&dups=n}).
 * </ul>
 *
 * Every block is checked before it is stored: it must hash to its CID (the CAR reader) and be
 * expected — the item's root or a link of a block accepted earlier in the same response. A
 * response that fails (bad or unexpected block, HTTP error, reset, stall, too slow) demotes its
 * provider, and what it did not deliver — the links still expected — become items for others.
 * An item is queued or in flight once only (by multihash).
 */
final class DagFetch {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** Responses shorter than this say nothing about a provider's speed. */
  private static final long RATE_SAMPLE_BYTES = 64 << 10;
  /**
   * A subtree known (from its parent's link) to be smaller than this comes whole even when
   * there are requests to spare: splitting it would cost a request per child for little gain.
   */
  static final long SPLIT_MIN = 4L << 20;

  private final Cid root;
  private final boolean blockOnly;
  private final List<Provider> providers;
  private final HttpTransport http;
  private final TransferSettings settings;
  private final FetchSink sink;
  private final FetchListener listener;
  private final BooleanSupplier cancelled;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<WorkItem> queue = new ArrayDeque<>();
  private final Set<Multihash> claimed = new HashSet<>();
  private final Map<Exchange, Provider> running = new HashMap<>();
  private int inFlight;
  private TransferException fatal;

  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong wire = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong badBlocks = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  DagFetch(Cid root, boolean blockOnly, List<Provider> providers, HttpTransport http, TransferSettings settings,
      FetchSink sink, FetchListener listener, BooleanSupplier cancelled) {
    this.root = root;
    this.blockOnly = blockOnly;
    this.providers = List.copyOf(providers);
    this.http = http;
    this.settings = settings;
    this.sink = sink;
    this.listener = listener;
    this.cancelled = cancelled;
  }

  FetchResult run() throws IOException {
    if (providers.isEmpty() && !sink.has(root)) {
      throw new NoProvidersException(root);
    }
    try (ExecutorService tasks = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("cairn-fetch-", 0).factory())) {
      lock.lock();
      try {
        enqueue(List.of(WorkItem.of(root)));
        dispatch(tasks);
      } finally {
        running.keySet().forEach(x -> x.abort("the fetch is over"));
        lock.unlock();
      }
    }
    if (fatal != null) {
      throw fatal;
    }
    return new FetchResult(root, blocks.get(), bytes.get(), wire.get(), duplicates.get(), badBlocks.get(),
        requests.get(), providers);
  }

  /** Runs with the lock held (released while waiting). */
  private void dispatch(ExecutorService tasks) throws IOException {
    while (fatal == null && !(queue.isEmpty() && inFlight == 0)) {
      if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
        throw new InterruptedIOException("fetch of " + root + " interrupted");
      }
      long wait = TICK_NANOS;
      WorkItem item = inFlight < settings.window() ? queue.peekFirst() : null;
      if (item != null) {
        if (!blockOnly && sink.has(item.cid())) {
          queue.pollFirst();
          start(tasks, () -> walkHeld(item));
          continue;
        }
        Provider p = pick(item);
        if (p != null) {
          queue.pollFirst();
          boolean split = queue.size() < capacity() - inFlight - 1 && !(item.size() >= 0 && item.size() < SPLIT_MIN);
          boolean single = blockOnly || !hasLinks(item.cid()) || split;
          p.inFlight++;
          requests.incrementAndGet();
          start(tasks, () -> fetch(item, p, single));
          continue;
        }
        wait = Math.min(wait, untilSomeoneAvailable());
      }
      cutSlowRequests();
      try {
        changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("fetch of " + root + " interrupted");
      }
    }
  }

  /**
   * Requests that could run at once now: the window, or less when the healthy providers' own
   * limits add up to less (one provider: its limit), so a DAG is split only as far as there are
   * requests to run its parts.
   */
  private int capacity() {
    long now = System.nanoTime();
    int sum = 0;
    for (Provider p : providers) {
      if (p.health().available(now)) {
        sum += settings.perProvider();
      }
    }
    return Math.min(settings.window(), Math.max(sum, 1));
  }

  private static boolean hasLinks(Cid cid) {
    return !cid.codec().equals(Multicodec.RAW) && !cid.isIdentity();
  }

  private void start(ExecutorService tasks, Task task) {
    inFlight++;
    tasks.execute(() -> {
      try {
        task.run();
      } catch (IOException | RuntimeException e) {
        failFetch(new TransferException("fetch of " + root + " failed: " + e.getMessage(), e));
      } finally {
        lock.lock();
        try {
          inFlight--;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    });
  }

  @FunctionalInterface
  private interface Task {
    void run() throws IOException;
  }

  /**
   * The least busy healthy provider that has not failed this item, or, when all of those have
   * failed it, any healthy one; null when none can take a request now.
   */
  private Provider pick(WorkItem item) {
    long now = System.nanoTime();
    Comparator<Provider> order = Comparator.<Provider>comparingInt(p -> p.inFlight)
        .thenComparingInt(p -> p.health().streak())
        .thenComparing(Comparator.comparingDouble(Provider::bestRate).reversed());
    List<Provider> ready = providers.stream()
        .filter(p -> p.inFlight < settings.perProvider() && p.health().available(now)).toList();
    return ready.stream().filter(p -> !item.avoid().contains(p)).min(order)
        .orElseGet(() -> item.avoid().containsAll(providers) ? ready.stream().min(order).orElse(null) : null);
  }

  private long untilSomeoneAvailable() {
    long now = System.nanoTime();
    long best = TICK_NANOS;
    for (Provider p : providers) {
      if (!p.health().available(now)) {
        best = Math.min(best, p.health().availableAt() - now);
      }
    }
    return best;
  }

  /**
   * With requests to spare and nothing queued, a response far slower than what another
   * provider has shown it can do is cut off: its provider is demoted and the rest of its
   * subtree goes to the others, so one slow peer does not hold the whole fetch back.
   */
  private void cutSlowRequests() {
    if (!queue.isEmpty() || inFlight >= settings.window() || running.size() < 1) {
      return;
    }
    long now = System.nanoTime();
    for (Map.Entry<Exchange, Provider> e : running.entrySet()) {
      Exchange x = e.getKey();
      if (x.abortReason() != null || x.ageNanos() < settings.slowGrace().toNanos()) {
        continue;
      }
      double best = 0;
      for (Provider q : providers) {
        if (!q.equals(e.getValue()) && q.health().available(now)) {
          best = Math.max(best, q.bestRate());
        }
      }
      for (Exchange other : running.keySet()) {
        if (!running.get(other).equals(e.getValue()) && other.bytes() >= RATE_SAMPLE_BYTES) {
          best = Math.max(best, other.rate());
        }
      }
      if (best > 0 && x.rate() * settings.slowFactor() < best) {
        x.abort(String.format("too slow: %.0f B/s where another provider gives %.0f B/s", x.rate(), best));
      }
    }
  }

  // ---- tasks (on virtual threads, without the lock) ----

  /** A held subtree: walk what is held, queue what is missing. */
  private void walkHeld(WorkItem item) throws IOException {
    ArrayDeque<Cid> stack = new ArrayDeque<>();
    List<WorkItem> missing = new ArrayList<>();
    stack.push(item.cid());
    while (!stack.isEmpty()) {
      Cid c = stack.pop();
      if (!hasLinks(c)) {
        continue;
      }
      for (WorkItem child : WorkItem.children(c, sink.read(c))) {
        if (sink.has(child.cid())) {
          stack.push(child.cid());
        } else {
          missing.add(child);
        }
      }
    }
    finish(item, missing);
  }

  /** One request: the item's block alone ({@code single}) or its whole subtree as a CAR. */
  private void fetch(WorkItem item, Provider p, boolean single) throws IOException {
    Expected expected = new Expected(item.cid());
    List<WorkItem> children = List.of();
    long accepted = 0;
    Exchange x = null;
    ProviderException failure = null;
    try {
      x = single ? http.raw(p, item.cid(), wire::addAndGet) : http.car(p, item.cid(), wire::addAndGet);
      register(x, p);
      if (single) {
        byte[] data = x.body().readNBytes(HttpTransport.MAX_BLOCK + 1);
        if (data.length > HttpTransport.MAX_BLOCK) {
          throw new ProviderException(p, "block " + item.cid() + " is larger than " + HttpTransport.MAX_BLOCK);
        }
        accept(Block.verifiedOwning(item.cid(), data), expected, p); // data is only read from here on
        accepted++;
        children = blockOnly ? List.of() : WorkItem.children(item.cid(), data);
      } else {
        try (CarReader car = CarReader.open(x.body())) {
          for (Block b = car.next(); b != null; b = car.next()) {
            accept(b, expected, p);
            accepted++;
          }
        }
      }
      if (!single && !expected.missing(sink).isEmpty()) {
        throw new ProviderException(p, "response for " + item.cid() + " ended without "
            + expected.missing(sink).size() + " blocks of it");
      }
    } catch (BlockMismatchException | UnexpectedBlockException e) {
      badBlocks.incrementAndGet();
      p.countBadBlock();
      failure = new ProviderException(p, "bad block: " + e.getMessage(), e);
    } catch (ProviderException e) {
      failure = e;
    } catch (MalformedDataException e) {
      failure = new ProviderException(p, "malformed response: " + e.getMessage(), e);
    } catch (IOException e) {
      String why = x != null && x.abortReason() != null ? x.abortReason() : String.valueOf(e.getMessage());
      failure = new ProviderException(p, "response for " + item.cid() + " broke off: " + why, e);
    } finally {
      if (x != null) {
        x.close();
      }
      unregister(x, p);
    }
    if (failure == null) {
      p.health().succeeded();
      if (x.bytes() >= RATE_SAMPLE_BYTES) {
        p.noteRate(x.rate());
      }
      finish(item, children);
      return;
    }
    p.health().failed(System.nanoTime());
    Set<Provider> avoid = new HashSet<>(item.avoid());
    avoid.add(p);
    int attempts = accepted > 0 ? 0 : item.attempts() + 1;
    if (attempts >= settings.maxAttempts()) {
      failFetch(new FetchFailedException(item.cid(), attempts + " attempts failed", failure));
      finish(item, List.of());
      return;
    }
    finish(item, expected.itemsAfterFailure(item, attempts, Set.copyOf(avoid), blockOnly));
  }

  private void accept(Block b, Expected expected, Provider p) throws IOException {
    if (!expected.take(b.cid())) {
      throw new UnexpectedBlockException(p, b.cid(), expected.root());
    }
    int size = b.size();
    // a leaf's bytes are not copied out of the block (the CAR reader made them for it alone)
    List<Cid> links = blockOnly || !hasLinks(b.cid()) ? List.of() : Links.of(b.cid(), b.data());
    if (sink.put(b)) {
      blocks.incrementAndGet();
      bytes.addAndGet(size);
      p.countBlock(size);
      listener.stored(b.cid(), size, p);
      listener.storedBlock(b);
    } else {
      duplicates.incrementAndGet();
    }
    expected.addAll(links);
  }

  // ---- shared state (under the lock) ----

  private void register(Exchange x, Provider p) {
    lock.lock();
    try {
      running.put(x, p);
    } finally {
      lock.unlock();
    }
  }

  private void unregister(Exchange x, Provider p) {
    lock.lock();
    try {
      if (x != null) {
        running.remove(x);
      }
      p.inFlight--;
    } finally {
      lock.unlock();
    }
  }

  /** An item is done; {@code next} are the subtrees it leaves to fetch. */
  private void finish(WorkItem item, Collection<WorkItem> next) {
    lock.lock();
    try {
      claimed.remove(item.cid().multihash());
      enqueue(next);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Collection<WorkItem> items) {
    for (WorkItem i : items) {
      if (!i.cid().isIdentity() && claimed.add(i.cid().multihash())) {
        queue.addLast(i);
      }
    }
  }

  private void failFetch(TransferException e) {
    lock.lock();
    try {
      if (fatal == null) {
        fatal = e;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
