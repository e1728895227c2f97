package io.cairn.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, drawn only when a person is watching (a
 * terminal is attached) and at most ten times a second; silent otherwise, so scripts and
 * pipes see clean output.
 */
class Progress {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final String label;
  private long total;
  private final PrintStream err;
  private final long start = System.nanoTime();
  private long done;
  private String detail = "";
  private long lastDraw;
  private boolean drawn;

  private Progress(String label, long total, PrintStream err) {
    this.label = label;
    this.total = total;
    this.err = err;
  }

  /** A bar for {@code total} bytes (-1 when unknown), shown only on a terminal. */
  static Progress forBytes(String label, long total) {
    // bin/cairn sets cairn.progress when standard error is a terminal (Java cannot tell by itself).
    return Boolean.getBoolean("cairn.progress") && System.getenv("CAIRN_NO_PROGRESS") == null
        ? new Progress(label, total, System.err) : none();
  }

  static Progress forFile(String label, long size) {
    return forBytes(label, size);
  }

  /** A progress that shows nothing. */
  static Progress none() {
    return new Progress("", -1, null);
  }

  /** Whether the bar is drawn (a person is watching). */
  boolean shown() {
    return err != null;
  }

  /** Sets the total once it is known (-1: unknown). */
  synchronized void total(long n) {
    total = n;
  }

  synchronized void add(long n) {
    set(done + n);
  }

  /** Sets the bytes done so far (for counts that arrive as totals). */
  synchronized void set(long n) {
    done = n;
    if (err == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now);
    }
  }

  /** Text shown after the figures (e.g. "812 blocks from 2 providers"); empty for none. */
  synchronized void detail(String text) {
    detail = text.isEmpty() ? "" : " · " + text;
  }

  /** Wipes the bar so a line printed next is not mixed with it; the bar comes back on the next update. */
  synchronized void clearLine() {
    if (err != null && drawn) {
      err.print("\r\u001b[K");
      err.flush();
      lastDraw = 0;
    }
  }

  synchronized void done() {
    if (err != null && drawn) {
      draw(System.nanoTime());
      err.println();
    }
  }

  private void draw(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    String rate = human(done / secs) + "/s";
    String line;
    if (total > 0) {
      int pct = (int) Math.min(100, done * 100 / total);
      int width = 30;
      int fill = pct * width / 100;
      line = String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s %s", label, "=".repeat(fill), " ".repeat(width - fill),
          pct, human(done), human(total), rate);
    } else {
      line = String.format(Locale.ROOT, "%s %s %s", label, human(done), rate);
    }
    err.print("\r" + line + detail + "\u001b[K");
    err.flush();
    drawn = true;
  }

  static String human(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f %s", bytes, units[u]) : String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
  }

  /** A stream that reports the bytes read through it to a progress bar. */
  static final class Counting extends java.io.FilterInputStream {
    private final Progress progress;

    Counting(java.io.InputStream in, Progress progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b >= 0) {
        progress.add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        progress.add(n);
      }
      return n;
    }
  }
}
