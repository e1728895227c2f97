package io.cairn.server.rpc;

import io.cairn.codec.Cid;
import io.cairn.transfer.FetchListener;
import io.cairn.transfer.Provider;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fetch's progress as a command's stream: counts the blocks stored (passing each on to
 * {@code next}) and, every {@link #EVERY_MILLIS} while it runs, emits {@code {"Progress": blocks,
 * "Bytes": bytes, "Providers": n}} when something changed ({@code Progress} as Kubo's
 * {@code pin add --progress} gives it; the other two are Cairn's). {@link #close} stops the
 * ticker before the command writes its own answer, so the two never write at once.
 */
final class FetchProgress implements FetchListener, AutoCloseable {
  static final long EVERY_MILLIS = 250;

  private final RpcResponse out;
  private final FetchListener next;
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Set<String> providers = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread ticker;

  FetchProgress(RpcResponse out, FetchListener next) {
    this.out = out;
    this.next = next;
    this.ticker = Thread.ofVirtual().name("cairn-progress").start(this::tick);
  }

  @Override
  public void stored(Cid cid, int size, Provider from) {
    next.stored(cid, size, from);
    blocks.incrementAndGet();
    bytes.addAndGet(size);
    providers.add(from.baseUrl());
  }

  private void tick() {
    long shown = 0;
    while (true) {
      try {
        if (stop.await(EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      long now = blocks.get();
      if (now != shown) {
        shown = now;
        try {
          out.emit(Json.obj("Progress", now, "Bytes", bytes.get(), "Providers", providers.size()));
        } catch (IOException | RuntimeException gone) {
          return; // the client went away: the command itself will find out
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    ticker.join(); // a line being written is finished, never cut by an interrupt
  }
}
