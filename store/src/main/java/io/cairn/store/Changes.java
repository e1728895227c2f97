package io.cairn.store;

import io.cairn.codec.Cid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Store.Batch#commit(Changes)} writes together with its last blocks, in one atomic,
 * synced write: pins added, pins removed, and metadata entries put or deleted. A tool that keeps
 * its own records next to the blocks (e.g. {@code sync}, what it last saw of a tree) changes them
 * in the same write as the pins of what it imported, so a crash leaves either the old records
 * and pins or the new ones, never a mix.
 */
public final class Changes {
  /** One metadata write: {@code value} null deletes the key. */
  public record Meta(byte[] key, byte[] value) {
    public Meta {
      Objects.requireNonNull(key, "key");
    }
  }

  private final List<Pin> pins = new ArrayList<>();
  private final List<Cid> unpins = new ArrayList<>();
  private final List<Meta> meta = new ArrayList<>();

  public static Changes pins(List<Pin> pins) {
    Changes c = new Changes();
    c.pins.addAll(pins);
    return c;
  }

  public Changes pin(Pin pin) {
    pins.add(Objects.requireNonNull(pin, "pin"));
    return this;
  }

  /** Removes the pin on {@code cid} (nothing if there is none); applied before the pins added. */
  public Changes unpin(Cid cid) {
    unpins.add(Objects.requireNonNull(cid, "cid"));
    return this;
  }

  public Changes putMeta(byte[] key, byte[] value) {
    meta.add(new Meta(key.clone(), Objects.requireNonNull(value, "value").clone()));
    return this;
  }

  public Changes deleteMeta(byte[] key) {
    meta.add(new Meta(key.clone(), null));
    return this;
  }

  public List<Pin> pins() {
    return List.copyOf(pins);
  }

  public List<Cid> unpins() {
    return List.copyOf(unpins);
  }

  /** Metadata writes in the order they were made (a later write to the same key wins). */
  public List<Meta> meta() {
    return List.copyOf(meta);
  }

  public boolean isEmpty() {
    return pins.isEmpty() && unpins.isEmpty() && meta.isEmpty();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
