package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import io.cairn.store.Links;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code pin ls}: the explicit pins (recursive and direct) and, when asked, the indirect ones —
 * every block a recursive pin reaches that is not itself pinned explicitly. Entries are given as
 * they are found: explicit pins first, then indirect ones in depth-first order.
 */
public final class PinListing {
  /** The types {@code pin ls} accepts. */
  public static final List<String> TYPES = List.of("all", "direct", "indirect", "recursive");

  private PinListing() {}

  /** One listed pin: its type is recursive, direct or indirect; name is empty when none. */
  public record Entry(Cid cid, String type, String name) {}

  /** Receives listed pins. */
  public interface Sink {
    void accept(Entry e) throws IOException;
  }

  /** Lists pins of {@code type} (one of {@link #TYPES}). */
  public static void forEach(Store store, String type, Sink sink) throws IOException {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown pin type '" + type + "'");
    }
    List<Pin> pins = store.pins();
    Set<Multihash> explicit = new HashSet<>();
    for (Pin p : pins) {
      explicit.add(p.cid().multihash());
      if (type.equals("all") || type.equals(p.mode().label())) {
        sink.accept(new Entry(p.cid(), p.mode().label(), p.name()));
      }
    }
    if (type.equals("all") || type.equals("indirect")) {
      Set<Multihash> seen = new HashSet<>();
      for (Pin p : pins) {
        if (p.mode() == PinMode.RECURSIVE) {
          indirect(store, p.cid(), seen, explicit, sink);
        }
      }
    }
  }

  /** All pins of {@code type}, in listing order. */
  public static List<Entry> list(Store store, String type) throws IOException {
    List<Entry> out = new ArrayList<>();
    forEach(store, type, out::add);
    return out;
  }

  private static void indirect(Store store, Cid root, Set<Multihash> seen, Set<Multihash> explicit, Sink sink)
      throws IOException {
    ArrayDeque<Cid> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Cid c = stack.pop();
      if (c.codec().equals(io.cairn.codec.Multicodec.RAW) || c.isIdentity() || !store.has(c)) {
        continue; // raw blocks link to nothing: never read them
      }
      for (Cid child : Links.of(c, store.get(c))) {
        if (seen.add(child.multihash())) {
          if (!explicit.contains(child.multihash())) {
            sink.accept(new Entry(child, "indirect", ""));
          }
          stack.push(child);
        }
      }
    }
  }
}
