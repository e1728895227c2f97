package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While a command streams from the daemon, asks it every half second what its engine has
 * fetched ({@code stats/transfer}) and shows the blocks and providers since the command began on
 * the progress bar ("812 blocks from 2 providers"). Only when the bar is shown; polling stops at
 * {@link #close}.
 */
final class FetchStatus implements AutoCloseable {
  private static final long EVERY_MILLIS = 500;

  private final RpcClient api;
  private final Progress progress;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread poller;
  private Map<String, Long> before;

  private FetchStatus(RpcClient api, Progress progress) {
    this.api = api;
    this.progress = progress;
    this.poller = progress.shown() ? Thread.ofVirtual().name("cairn-fetch-status").start(this::poll) : null;
  }

  static FetchStatus start(RpcClient api, Progress progress) {
    return new FetchStatus(api, progress);
  }

  private void poll() {
    try {
      before = counts(api.json("stats/transfer", new RpcClient.Params()));
      while (!stop.await(EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
        Map<String, Long> now = counts(api.json("stats/transfer", new RpcClient.Params()));
        long blocks = 0;
        int providers = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
          long got = e.getValue() - before.getOrDefault(e.getKey(), 0L);
          if (got > 0) {
            blocks += got;
            providers++;
          }
        }
        if (blocks > 0) {
          progress.detail(describe(blocks, providers));
        }
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      // the figures are a courtesy: the command itself reports real failures
    }
  }

  /** The figures as the bar shows them: "812 blocks fetched from 2 providers". */
  static String describe(long blocks, long providers) {
    return blocks + " blocks fetched from " + providers + (providers == 1 ? " provider" : " providers");
  }

  /** Blocks delivered so far, by provider URL. */
  private static Map<String, Long> counts(JsonNode stats) {
    Map<String, Long> out = new HashMap<>();
    for (JsonNode p : stats.path("Providers")) {
      out.put(p.path("Url").asText(), p.path("Blocks").asLong());
    }
    return out;
  }

  @Override
  public void close() {
    stop.countDown();
    if (poller != null) {
      try {
        poller.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
