package io.cairn.server.node;

import io.cairn.codec.Block;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code block put} and {@code block rm}: single blocks. Blocks are named with sha2-256 (the only
 * hash Cairn writes) as CIDv1; DAG-PB and DAG-CBOR data must decode before it is stored. A block
 * under any pin — explicit or reached by a recursive pin — is never removed.
 */
public final class Blocks {
  /** The largest block accepted: 2 MiB, Kubo's limit (bigger blocks cannot travel over bitswap). */
  public static final int MAX_BLOCK = 2 << 20;

  private Blocks() {}

  /** The codec named {@code name} (raw, dag-pb, dag-cbor, …). */
  public static Multicodec codec(String name) throws NodeException {
    try {
      return Multicodec.named(name);
    } catch (IllegalArgumentException e) {
      throw new NodeException("unknown --cid-codec '" + name + "' (use raw, dag-pb or dag-cbor)");
    }
  }

  /** Refuses any hash but sha2-256 (null or empty means the default, sha2-256). */
  public static void checkHash(String mhtype) throws NodeException {
    if (mhtype != null && !mhtype.isEmpty() && !mhtype.equalsIgnoreCase("sha2-256")) {
      throw new NodeException("only --mhtype=sha2-256 is supported");
    }
  }

  /** A CIDv{@code version} block of {@code data} with {@code codec}, checked to decode first. */
  public static Block create(int version, Multicodec codec, byte[] data) throws IOException {
    if (data.length > MAX_BLOCK) {
      throw new NodeException("the block is " + data.length + " bytes, over the 2 MiB block limit; add files with "
          + "'cairn add' instead");
    }
    if (codec.equals(Multicodec.DAG_PB)) {
      DagPb.decode(data);
    } else if (codec.equals(Multicodec.DAG_CBOR)) {
      DagCbor.decode(data);
    }
    return Block.create(version, codec, data);
  }

  /** What became of a block {@link Remover#remove} was asked to remove. */
  public enum Removal {
    REMOVED,
    NOT_FOUND,
    PINNED_DIRECTLY,
    PINNED_INDIRECTLY;

    /** Why the block is still there ("" when it was removed). */
    public String message(Cid cid, Remover r) {
      return switch (this) {
        case REMOVED -> "";
        case NOT_FOUND -> cid + " is not in the repository";
        case PINNED_DIRECTLY -> cid + " is pinned; unpin it first (cairn pin rm " + cid + ")";
        case PINNED_INDIRECTLY -> cid + " is pinned indirectly (under the recursive pin " + r.pinnedUnder(cid)
            + "); unpin that first";
      };
    }
  }

  /** Removes blocks, refusing pinned ones; the pins are walked once, on the first removal. */
  public static final class Remover {
    private final Store store;
    private Map<Multihash, Cid> underPins;

    public Remover(Store store) {
      this.store = store;
    }

    public Removal remove(Cid cid) throws IOException {
      if (store.pin(cid).isPresent()) {
        return Removal.PINNED_DIRECTLY;
      }
      if (indirectRoots().containsKey(cid.multihash())) {
        return Removal.PINNED_INDIRECTLY;
      }
      return store.delete(cid.multihash()) ? Removal.REMOVED : Removal.NOT_FOUND;
    }

    /** The pin that keeps {@code cid}, if any (after a {@link #remove} found one). */
    Cid pinnedUnder(Cid cid) {
      return underPins == null ? null : underPins.get(cid.multihash());
    }

    private Map<Multihash, Cid> indirectRoots() throws IOException {
      if (underPins == null) {
        underPins = new HashMap<>();
        for (Pin p : store.pins()) {
          if (p.mode() == PinMode.RECURSIVE) {
            Set<Multihash> reached = new HashSet<>();
            DagWalk.walk(store, p.cid(), reached);
            for (Multihash mh : reached) {
              underPins.putIfAbsent(mh, p.cid());
            }
          } else {
            underPins.putIfAbsent(p.cid().multihash(), p.cid());
          }
        }
      }
      return underPins;
    }
  }
}
