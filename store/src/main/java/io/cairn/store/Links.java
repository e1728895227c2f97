package io.cairn.store;

import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.DagPb;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CIDs a block links to, by its codec: DAG-PB links, DAG-CBOR tag-42 links, none for raw. */
public final class Links {
  private Links() {}

  /** Links of {@code data}, the block named {@code cid}; codecs without links give none. */
  public static List<Cid> of(Cid cid, byte[] data) throws MalformedDataException {
    Multicodec codec = cid.codec();
    if (codec.equals(Multicodec.DAG_PB)) {
      List<Cid> out = new ArrayList<>();
      for (PbLink l : DagPb.decode(data).links()) {
        out.add(l.hash());
      }
      return out;
    }
    if (codec.equals(Multicodec.DAG_CBOR)) {
      List<Cid> out = new ArrayList<>();
      collect(DagCbor.decode(data), out);
      return out;
    }
    return List.of();
  }

  private static void collect(Object v, List<Cid> out) {
    if (v instanceof Cid c) {
      out.add(c);
    } else if (v instanceof List<?> l) {
      l.forEach(x -> collect(x, out));
    } else if (v instanceof Map<?, ?> m) {
      m.values().forEach(x -> collect(x, out));
    }
  }
}
