package io.cairn.transfer;

/**
 * How far a provider is trusted to answer well. Each failure (bad block, error, stall) doubles
 * the time it is left alone, from {@code base} up to {@code max}; a success clears the streak.
 * Time is in {@link System#nanoTime()} units so tests and the clock agree.
 */
final class ProviderHealth {
  private final long baseNanos;
  private final long maxNanos;
  private int streak;
  private long demotedUntil;
  private long demotions;

  ProviderHealth(long baseNanos, long maxNanos) {
    this.baseNanos = baseNanos;
    this.maxNanos = maxNanos;
  }

  synchronized void failed(long now) {
    streak++;
    demotions++;
    long backoff = baseNanos << Math.min(streak - 1, 30);
    demotedUntil = now + Math.min(backoff < 0 ? maxNanos : backoff, maxNanos);
  }

  synchronized void succeeded() {
    streak = 0;
    demotedUntil = 0;
  }

  synchronized boolean available(long now) {
    return now - demotedUntil >= 0 || demotedUntil == 0;
  }

  /** When a demoted provider may be asked again (meaningless when {@link #available}). */
  synchronized long availableAt() {
    return demotedUntil;
  }

  /** Failures since the last success. */
  synchronized int streak() {
    return streak;
  }

  /** Times demoted, ever. */
  synchronized long demotions() {
    return demotions;
  }
}
