package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.DagPb;
import io.cairn.codec.Multicodec;
import io.cairn.codec.PbLink;
import io.cairn.codec.PbNode;
import io.cairn.codec.BlockSource;
import io.cairn.unixfs.UnixfsExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dag get}: the IPLD node (or the value inside one) a path names, as data-model values for
 * {@link DagJson}. DAG-PB nodes appear in their data-model form
 * ({@code {"Data": bytes, "Links": [{"Hash", "Name", "Tsize"}]}}) and path segments through them
 * follow UnixFS names; inside DAG-CBOR, segments are map keys and list indexes, and links are
 * followed into the blocks they name. Raw blocks are bytes.
 */
public final class DagGet {
  private DagGet() {}

  public static Object resolve(BlockSource store, UnixfsExporter exporter, IpfsPath path) throws IOException {
    Cid cid = path.root();
    Object value = decode(cid, store.get(cid));
    boolean whole = true; // value is a whole block, named by cid
    for (String seg : path.path().isEmpty() ? new String[0] : path.path().split("/")) {
      if (seg.isEmpty()) {
        continue;
      }
      Object next;
      if (whole && cid.codec().equals(Multicodec.DAG_PB)) {
        next = exporter.resolve(cid, seg);
      } else if (value instanceof Map<?, ?> m) {
        if (!m.containsKey(seg)) {
          throw new NodeException("no field '" + seg + "' in " + path);
        }
        next = m.get(seg);
      } else if (value instanceof List<?> l) {
        next = l.get(index(seg, l.size(), path));
      } else {
        throw new NodeException("cannot go into '" + seg + "' of " + path + ": not a map, list or directory");
      }
      if (next instanceof Cid link) {
        cid = link;
        value = decode(cid, store.get(cid));
        whole = true;
      } else {
        value = next;
        whole = false;
      }
    }
    return value;
  }

  private static int index(String seg, int size, IpfsPath path) throws NodeException {
    try {
      int i = Integer.parseInt(seg);
      if (i >= 0 && i < size) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new NodeException("'" + seg + "' is not an index of a list of " + size + " in " + path);
  }

  /** A block as a data-model value. */
  public static Object decode(Cid cid, byte[] data) throws IOException {
    Multicodec codec = cid.codec();
    if (codec.equals(Multicodec.DAG_PB)) {
      return dagPb(DagPb.decode(data));
    } else if (codec.equals(Multicodec.DAG_CBOR)) {
      return DagCbor.decode(data);
    } else if (codec.equals(Multicodec.RAW) || codec.equals(Multicodec.IDENTITY)) {
      return data;
    }
    throw new NodeException(cid + " uses codec " + codec + ", which Cairn cannot decode (raw, dag-pb and dag-cbor can be)");
  }

  private static Map<String, Object> dagPb(PbNode node) {
    Map<String, Object> m = new LinkedHashMap<>();
    node.data().ifPresent(d -> m.put("Data", d));
    List<Object> links = new ArrayList<>();
    for (PbLink l : node.links()) {
      Map<String, Object> link = new LinkedHashMap<>();
      link.put("Hash", l.hash());
      if (l.hasName()) {
        link.put("Name", l.name());
      }
      if (l.tsize().isPresent()) {
        link.put("Tsize", l.tsize().getAsLong());
      }
      links.add(link);
    }
    m.put("Links", links);
    return m;
  }
}
