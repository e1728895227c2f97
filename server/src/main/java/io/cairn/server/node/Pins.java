package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;

/**
 * {@code pin add} and {@code pin rm} with Kubo's rules: a recursive pin needs its whole DAG in
 * the store (nothing is fetched), a direct pin its block; a recursive pin is not turned into a
 * direct one; pinning again with another name renames the pin; {@code rm} without recursive
 * removes only direct pins.
 */
public final class Pins {
  /** Kubo's limit on a pin name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  private Pins() {}

  /** What a successful {@link #add} walked (for progress reports). */
  public record Added(Cid cid, long blocks, long bytes) {}

  public static Added add(Store store, Cid cid, boolean recursive, String name) throws IOException {
    checkName(name);
    Optional<Pin> existing = store.pin(cid);
    if (!recursive && existing.isPresent() && existing.get().mode() == PinMode.RECURSIVE) {
      throw new NodeException(cid + " is already pinned recursively; remove that pin first to pin it directly");
    }
    long blocks;
    long bytes;
    if (recursive) {
      DagWalk.Result r = DagWalk.walk(store, cid, new HashSet<>());
      if (!r.complete()) {
        throw new NodeException("cannot pin " + cid + ": " + r.missing().size() + " of its blocks are not in the "
            + "repository (e.g. " + r.missing().iterator().next() + "); import them first (cairn dag import)");
      }
      blocks = r.blocks();
      bytes = r.bytes();
    } else {
      Optional<Integer> size = store.blockSize(cid);
      if (size.isEmpty()) {
        throw new NodeException("cannot pin " + cid + ": the block is not in the repository");
      }
      blocks = 1;
      bytes = size.get();
    }
    store.putPin(new Pin(cid, recursive ? PinMode.RECURSIVE : PinMode.DIRECT, name));
    return new Added(cid, blocks, bytes);
  }

  /** Removes the pin on {@code cid}; with {@code recursive} false only a direct pin is removed. */
  public static void remove(Store store, Cid cid, boolean recursive) throws IOException {
    Optional<Pin> pin = store.pin(cid);
    if (pin.isEmpty()) {
      throw new NodeException(cid + " is not pinned (directly or recursively); see 'cairn pin ls'");
    }
    if (!recursive && pin.get().mode() == PinMode.RECURSIVE) {
      throw new NodeException(cid + " is pinned recursively; remove it with recursive=true");
    }
    store.removePin(cid);
  }

  /** Refuses names longer than Kubo allows. */
  public static void checkName(String name) throws NodeException {
    if (name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new NodeException("pin name is " + name.getBytes(StandardCharsets.UTF_8).length + " bytes (max "
          + MAX_NAME_BYTES + " bytes)");
    }
  }
}
