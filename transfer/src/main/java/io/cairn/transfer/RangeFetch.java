package io.cairn.transfer;

import io.cairn.car.CarReader;
import io.cairn.codec.Block;
import io.cairn.codec.BlockMismatchException;
import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings in the blocks of one byte range of a UnixFS file in one request:
 * {@code ?format=car&dag-scope=entity&entity-bytes=from:last} (the trustless gateway's range
 * form). A block is accepted only if it hashes to its CID and is expected: the file's root, or a
 * child of an accepted file node whose bytes (by the node's blocksizes) overlap the range. A
 * provider that sends a bad or unexpected block, fails or stalls is demoted and the next is asked,
 * up to {@code maxAttempts}; a response that ends early leaves what it did not send to be fetched
 * block by block by the reader. The gateway sends the range's nodes even when held (the protocol
 * has no "except"), so the root and the nodes above the range may arrive again: they count as
 * duplicates and are not stored twice.
 */
final class RangeFetch {
  private final Cid root;
  private final long from;
  private final long last;
  private final List<Provider> providers;
  private final HttpTransport http;
  private final TransferSettings settings;
  private final FetchSink sink;
  private final FetchListener listener;

  RangeFetch(Cid root, long from, long last, List<Provider> providers, HttpTransport http, TransferSettings settings,
      FetchSink sink, FetchListener listener) {
    this.root = root;
    this.from = from;
    this.last = last;
    this.providers = providers;
    this.http = http;
    this.settings = settings;
    this.sink = sink;
    this.listener = listener;
  }

  /** The blocks stored; throws when every attempt failed. */
  long run() throws IOException {
    if (providers.isEmpty()) {
      throw new NoProvidersException(root);
    }
    ProviderException lastFailure = null;
    for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
      Provider p = pick();
      if (p == null) {
        break;
      }
      try {
        return fetchFrom(p);
      } catch (ProviderException e) {
        p.health().failed(System.nanoTime());
        lastFailure = e;
      }
    }
    throw new FetchFailedException(root, "no provider sent bytes " + from + "–" + last, lastFailure);
  }

  /** The healthy provider that has done best so far (any, when none is healthy). */
  private Provider pick() {
    long now = System.nanoTime();
    Provider best = null;
    for (Provider p : providers) {
      if (p.health().available(now) && (best == null || p.health().streak() < best.health().streak()
          || (p.health().streak() == best.health().streak() && p.bestRate() > best.bestRate()))) {
        best = p;
      }
    }
    return best;
  }

  private long fetchFrom(Provider p) throws ProviderException {
    Map<Multihash, Long> expected = new HashMap<>(); // block → offset of its first byte in the file
    expected.put(root.multihash(), 0L);
    long stored = 0;
    try (Exchange x = http.carRange(p, root, from, last, n -> {});
        CarReader car = CarReader.open(x.body())) {
      for (Block b = car.next(); b != null; b = car.next()) {
        Long offset = expected.remove(b.cid().multihash());
        if (offset == null) {
          p.countBadBlock();
          throw new ProviderException(p, "block " + b.cid() + " is not part of bytes " + from + "–" + last
              + " of " + root);
        }
        if (b.cid().codec().equals(Multicodec.DAG_PB)) {
          expectChildren(b, offset, expected);
        }
        if (sink.put(b)) {
          stored++;
          p.countBlock(b.size());
          listener.stored(b.cid(), b.size(), p);
        }
      }
    } catch (BlockMismatchException e) {
      p.countBadBlock();
      throw new ProviderException(p, "bad block: " + e.getMessage(), e);
    } catch (MalformedDataException e) {
      throw new ProviderException(p, "malformed response: " + e.getMessage(), e);
    } catch (ProviderException e) {
      throw e;
    } catch (IOException e) {
      throw new ProviderException(p, "response for bytes " + from + "–" + last + " of " + root + " broke off: "
          + e.getMessage(), e);
    }
    p.health().succeeded();
    return stored;
  }

  /** The children of a file node whose bytes overlap the range, each with its first byte's offset. */
  private void expectChildren(Block b, long offset, Map<Multihash, Long> expected) throws MalformedDataException {
    FileSpans.overlapping(b.cid(), b.data(), offset, from, last,
        (child, start) -> expected.putIfAbsent(child.multihash(), start));
  }

}
