package io.cairn.cluster;

import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multihash;
import io.cairn.store.Pin;
import io.cairn.store.Store;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Fetches the one block of small pins (a direct pin, or a raw leaf) from the other peers, many
 * per request: Cairn's {@code POST /blocks} on their cluster APIs (see {@code rest.HeldBlocks}),
 * with one synced store commit for the blocks and pins of each answer. Before, each such pin
 * cost a trustless-gateway request, a fetch's threads and a synced commit of its own on the
 * asking peer, and a request on the holder.
 *
 * <p>Group commit as in {@link PinWrites} (a {@link Coalescer}): callers that arrive while a
 * fetch is under way go in the next one (at most {@link #MAX_BATCH}); the first caller to find
 * none under way fetches for itself and the others, until the queue is empty. The peers are
 * asked in turn for what is still missing, the one that delivered most so far first. Every block is verified against its
 * CID (the CAR reader hashes it) and must be one that was asked for and not yet received;
 * anything else ends that answer (what came before stays). A pin no peer sent gets -1: the
 * caller fetches it the ordinary way, which reports why it fails.
 */
final class PeerBlocks implements Closeable {
  /** Pins fetched together at most (one request per peer asked). */
  static final int MAX_BATCH = 512;
  /** Block bytes kept uncommitted at most: an answer past this is cut (asked again later). */
  static final long MAX_BYTES = 24L << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Store store;
  private final String self;
  private final Supplier<Map<String, String>> apis;
  private final String secret;
  private final HttpClient http;
  private final Coalescer<Pin, Long> fetches = new Coalescer<>(MAX_BATCH, "fetching from the cluster's peers",
      this::fetchGroup);
  /** Blocks each peer has delivered: the best is asked first. */
  private final Map<String, Long> delivered = new ConcurrentHashMap<>();

  /**
   * @param apis the live peers' cluster API URLs by peer id ({@code self} is skipped)
   * @param secret the cluster secret, sent as a bearer token
   */
  PeerBlocks(Store store, String self, Supplier<Map<String, String>> apis, String secret) throws IOException {
    this.store = Objects.requireNonNull(store, "store");
    this.self = Objects.requireNonNull(self, "self");
    this.apis = Objects.requireNonNull(apis, "apis");
    this.secret = Objects.requireNonNull(secret, "secret");
    QueuedThreadPool pool = new QueuedThreadPool(16, 1);
    pool.setName("cluster-blocks");
    pool.setDaemon(true);
    http = new HttpClient();
    http.setExecutor(pool);
    http.setConnectTimeout(TIMEOUT.toMillis());
    http.setIdleTimeout(TIMEOUT.toMillis());
    http.setFollowRedirects(false);
    try {
      http.start();
    } catch (Exception e) {
      throw new IOException("the cluster's block client did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Fetches {@code pin}'s one block from the other peers (with the others waiting) and writes it
   * with the pin, durably. Returns the block's size, or -1 when no peer sent it (nothing written).
   */
  long fetch(Pin pin) throws IOException {
    return fetches.submit(pin);
  }

  private void fetchGroup(List<Coalescer.Member<Pin, Long>> group) {
    Map<Multihash, Coalescer.Member<Pin, Long>> missing = new LinkedHashMap<>();
    group.forEach(m -> missing.put(m.item().cid().multihash(), m));
    askPeers(missing);
    group.forEach(m -> m.complete(-1L)); // what no peer sent (a no-op for the others)
  }

  private void askPeers(Map<Multihash, Coalescer.Member<Pin, Long>> missing) {
    List<Map.Entry<String, String>> peers = new ArrayList<>(apis.get().entrySet());
    peers.removeIf(e -> e.getKey().equals(self));
    peers.sort((x, y) -> Long.compare(delivered.getOrDefault(y.getKey(), 0L), delivered.getOrDefault(x.getKey(), 0L)));
    for (Map.Entry<String, String> p : peers) {
      // an answer cut at its size cap leaves some for another round with the same peer
      for (int round = 0; round < 4 && !missing.isEmpty(); round++) {
        int before = missing.size();
        boolean cut = ask(p.getKey(), p.getValue(), missing);
        if (!cut || missing.size() == before) {
          break;
        }
      }
      if (missing.isEmpty()) {
        return;
      }
    }
  }

  /**
   * Asks one peer for {@code missing}: stores what it sends (one commit with the pins), removes
   * those from {@code missing} and completes their callers. True when the answer was cut at
   * {@link #MAX_BYTES} on this side. A peer that fails is skipped: the others, or the caller's
   * ordinary fetch, remain.
   */
  private boolean ask(String peerId, String apiUrl, Map<Multihash, Coalescer.Member<Pin, Long>> missing) {
    StringBuilder body = new StringBuilder();
    missing.values().forEach(m -> body.append(m.item().cid()).append('\n'));
    Request request = http.newRequest(apiUrl + "/blocks").method("POST")
        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + secret))
        .body(new StringRequestContent("text/plain", body.toString(), StandardCharsets.UTF_8))
        .idleTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    Map<Coalescer.Member<Pin, Long>, Long> received = new HashMap<>();
    boolean cut = false;
    try (Store.Batch batch = store.batch()) { // holds off GC until the pins are written with the blocks
      try (InputStream in = listener.getInputStream()) {
        Response response = listener.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (response.getStatus() != 200) {
          request.abort(new IOException("answered HTTP " + response.getStatus()));
          return false; // e.g. a peer of an older version without /blocks (404)
        }
        try (CarReader car = CarReader.open(in)) {
          for (Block b = car.next(); b != null; b = car.next()) {
            Coalescer.Member<Pin, Long> w = missing.get(b.cid().multihash());
            if (w == null || received.containsKey(w)) {
              throw new MalformedDataException("POST /blocks answer from " + peerId, car.lastSectionOffset(),
                  "block " + b.cid() + " was not asked for");
            }
            batch.put(b);
            received.put(w, (long) b.size());
            if (batch.bytes() >= MAX_BYTES) {
              cut = true;
              request.abort(new IOException("enough for one commit"));
              break;
            }
          }
        }
      } catch (IOException | InterruptedException | TimeoutException | ExecutionException | RuntimeException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        request.abort(e); // keep what was complete and verified before the failure
      }
      if (!received.isEmpty()) {
        batch.commit(received.keySet().stream().map(Coalescer.Member::item).toList());
      }
    } catch (IOException | RuntimeException e) {
      return false; // the commit failed: nothing completed, the callers fetch the ordinary way
    }
    delivered.merge(peerId, (long) received.size(), Long::sum);
    received.forEach((m, size) -> {
      missing.remove(m.item().cid().multihash());
      m.complete(size);
    });
    return cut;
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception ignored) {
      // stopping a client only releases connections
    }
  }
}
