package io.cairn.transfer;

import io.cairn.codec.BlockSource;
import io.cairn.codec.Cid;
import io.cairn.store.Config;
import io.cairn.store.Pin;
import io.cairn.store.Store;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A node's fetching side: its providers (configured, and found by delegated routing per
 * fetch), their health across fetches, and one HTTP client. Fetched blocks go to the store
 * unpinned unless pins are given, which are written with the last blocks.
 */
public final class Transfer implements AutoCloseable {
  /**
   * The User-Agent of every request the engine sends. A Cairn gateway answers such requests
   * from its own blocks only (as Kubo's bitswap serves only its blockstore), so two nodes that
   * list each other as peers never ask each other in a loop for a block neither holds.
   */
  public static final String USER_AGENT = "cairn-transfer/1";

  /** For a fetch that nobody reads from while it runs. */
  private static final Consumer<FetchSink> NO_READER = sink -> {};

  private final Store store;
  private final TransferSettings settings;
  private final HttpTransport http;
  private final DelegatedRouting routing;
  private final String selfPeerId;
  private final Map<String, Provider> known = new LinkedHashMap<>();
  private final List<Provider> configured;
  private final java.util.concurrent.atomic.AtomicLong duplicates = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param selfPeerId this node's peer ID, never taken as a provider of itself ("" for none)
   */
  public Transfer(Store store, List<Provider> providers, List<String> routers, TransferSettings settings,
      String selfPeerId) throws IOException {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.selfPeerId = Objects.requireNonNull(selfPeerId, "selfPeerId");
    this.http = new HttpTransport(settings);
    this.routing = new DelegatedRouting(http, routers, settings);
    this.configured = List.copyOf(providers);
    configured.forEach(p -> known.put(p.baseUrl(), p));
  }

  /** The providers and routers of a node's config (see {@link ProviderConfig}). */
  public static Transfer fromConfig(Store store, Config config, TransferSettings settings) throws IOException {
    return new Transfer(store, ProviderConfig.providers(config, settings), ProviderConfig.routers(config), settings,
        config.peerId());
  }

  /** Fetches every block of the DAG under {@code root} that the store lacks. */
  public FetchResult fetchDag(Cid root) throws IOException {
    return fetchDag(root, List.of(), FetchListener.NONE);
  }

  /**
   * Fetches the DAG under {@code root}; when it is complete, {@code pins} are written with the
   * last blocks. On failure what arrived stays stored (unpinned) for a later fetch to resume.
   */
  public FetchResult fetchDag(Cid root, List<Pin> pins, FetchListener listener) throws IOException {
    return fetchInto(root, pins, listener, NO_READER, () -> false);
  }

  /**
   * As {@link #fetchDag(Cid, List, FetchListener)}, asking also the gateways at
   * {@code extraProviders} (base URLs, e.g. a cluster's other peers), whose health is kept
   * across fetches like that of the configured providers.
   */
  public FetchResult fetchDag(Cid root, List<String> extraProviders, List<Pin> pins, FetchListener listener)
      throws IOException {
    return run(Objects.requireNonNull(root, "root"), false, extra(extraProviders), pins, listener, NO_READER,
        () -> false);
  }

  /** As {@link #fetchBlock(Cid)}, asking also the gateways at {@code extraProviders}. */
  public byte[] fetchBlock(Cid cid, List<String> extraProviders) throws IOException {
    run(Objects.requireNonNull(cid, "cid"), true, extra(extraProviders), List.of(), FetchListener.NONE, NO_READER,
        () -> false);
    return store.get(cid);
  }

  private synchronized List<Provider> extra(List<String> urls) {
    List<Provider> out = new ArrayList<>();
    for (String url : urls) {
      Provider p = Provider.ofUrl(url, settings);
      out.add(known.computeIfAbsent(p.baseUrl(), u -> p));
    }
    return out;
  }


  /**
   * Reads the DAG under {@code root} from {@code local} while a background fetch brings in all
   * of it (see {@link DagPrefetch}); closing the reader cancels the fetch if it still runs.
   */
  public DagPrefetch prefetch(Cid root, BlockSource local, FetchListener listener) {
    return new DagPrefetch(this, Objects.requireNonNull(root, "root"), local, listener);
  }

  /**
   * Fetches the blocks of bytes {@code offset} to {@code offset + length - 1} of the UnixFS file
   * {@code file} in one request per attempt (see {@link RangeFetch}); returns the blocks stored.
   * Blocks the response leaves out are for the reader to fetch one by one. A range whose blocks
   * are all held already asks nobody (returns 0).
   */
  public long fetchRange(Cid file, long offset, long length) throws IOException {
    Objects.requireNonNull(file, "file");
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("a range needs offset >= 0 and length > 0");
    }
    if (FileSpans.held(store, file, offset, offset + length - 1)) {
      return 0;
    }
    try (FetchSink sink = new FetchSink(store)) {
      try {
        return new RangeFetch(file, offset, offset + length - 1, providersFor(file), http, settings, sink,
            FetchListener.NONE).run();
      } finally {
        sink.commit(List.of());
      }
    }
  }

  /**
   * Fetches the DAG of the UnixFS file {@code file} ({@code size} bytes) as {@link #fetchDag}
   * does, writing the file's bytes into {@code out} at their offsets as its blocks arrive, in
   * any order (see {@link FilePlacement}): a fetched file is written without being read back
   * from the store. {@code written} hears of every run of file bytes written (on the fetch's
   * threads); what the store holds already is written from it first. Returns true when every
   * byte was written; false when some could not be placed (a leaf repeated across subtrees,
   * sizes that disagree) — the DAG is then held in full all the same, for the caller to write
   * the file from the store.
   */
  public boolean fetchFile(Cid file, long size, FileChannel out, FetchListener listener, LongConsumer written)
      throws IOException {
    FilePlacement placement = new FilePlacement(Objects.requireNonNull(file, "file"), store, out, listener, written);
    if (!placement.complete(size)) {
      fetchDag(file, List.of(), placement);
    }
    return placement.complete(size);
  }

  /** Fetches one block (e.g. a gateway miss), stores it and returns its verified bytes. */
  public byte[] fetchBlock(Cid cid) throws IOException {
    run(cid, true, List.of(), List.of(), FetchListener.NONE, NO_READER, () -> false);
    return store.get(cid);
  }

  /** Reads from {@code local}, fetching (and storing) a block it lacks. */
  public BlockSource blockSource(BlockSource local) {
    return new FetchingBlockSource(local, this);
  }

  /** A DAG fetch whose sink is shown to {@code opened} (to read blocks not yet committed), stopped when {@code cancelled}. */
  FetchResult fetchInto(Cid root, List<Pin> pins, FetchListener listener, Consumer<FetchSink> opened,
      BooleanSupplier cancelled) throws IOException {
    return run(root, false, List.of(), pins, listener, opened, cancelled);
  }

  private FetchResult run(Cid root, boolean blockOnly, List<Provider> extra, List<Pin> pins, FetchListener listener,
      Consumer<FetchSink> opened, BooleanSupplier cancelled) throws IOException {
    Objects.requireNonNull(root, "root");
    // only a reader while the fetch runs (a DagPrefetch, shown the sink) needs the leaves' bytes kept
    try (FetchSink sink = new FetchSink(store, opened != NO_READER)) {
      opened.accept(sink);
      FetchResult result;
      try {
        List<Provider> providers = providersFor(root);
        extra.stream().filter(p -> !providers.contains(p)).forEach(providers::add);
        result = new DagFetch(root, blockOnly, providers, http, settings, sink, listener, cancelled).run();
        duplicates.addAndGet(result.duplicates());
      } catch (IOException | RuntimeException e) {
        sink.commit(List.of()); // keep what arrived: a later fetch resumes from it
        throw e;
      }
      sink.commit(pins);
      return result;
    }
  }

  private synchronized List<Provider> providersFor(Cid root) {
    List<Provider> out = new ArrayList<>(configured);
    for (Provider found : routing.find(root)) {
      if (found.id().equals(selfPeerId)) {
        continue;
      }
      Provider p = known.computeIfAbsent(found.baseUrl(), u -> found);
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Blocks that arrived (verified) while already held, over all fetches so far. */
  public long duplicates() {
    return duplicates.get();
  }

  /** Providers known so far (configured and found), with their counts and health. */
  public synchronized List<Provider> providers() {
    return List.copyOf(known.values());
  }

  @Override
  public void close() {
    http.close();
  }
}
