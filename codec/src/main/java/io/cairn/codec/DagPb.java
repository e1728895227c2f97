package io.cairn.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The DAG-PB codec (multicodec 0x70).
 *
 * <pre>
 * PBNode { Links = 2 (repeated PBLink), Data = 1 (bytes) }      written: all Links, then Data
 * PBLink { Hash = 1 (bytes, a CID), Name = 2 (string), Tsize = 3 (uint64) }   in this order
 * </pre>
 *
 * The decoder is strict: link fields must be in order and not repeated, Hash is mandatory and
 * must be a CID, unknown fields and wrong wire types are refused. Data before Links is
 * accepted (older encoders wrote it), Data at most once.
 */
public final class DagPb {
  private DagPb() {}

  public static byte[] encode(PbNode node) {
    int size = encodedSize(node);
    ProtoWriter w = new ProtoWriter(size);
    for (PbLink link : node.links()) {
      byte[] l = encodeLink(link);
      w.bytesField(2, l);
    }
    byte[] data = node.rawData();
    if (data != null) {
      w.bytesField(1, data);
    }
    return w.toByteArray();
  }

  /** Exact size of {@link #encode(PbNode)} without encoding. */
  public static int encodedSize(PbNode node) {
    int size = 0;
    for (PbLink link : node.links()) {
      size += ProtoWriter.bytesFieldSize(2, linkSize(link));
    }
    if (node.rawData() != null) {
      size += ProtoWriter.bytesFieldSize(1, node.rawData().length);
    }
    return size;
  }

  private static int linkSize(PbLink link) {
    int size = ProtoWriter.bytesFieldSize(1, link.hash().size());
    if (link.rawName() != null) {
      size += ProtoWriter.bytesFieldSize(2, link.rawName().length);
    }
    if (link.tsize().isPresent()) {
      size += ProtoWriter.varintFieldSize(3, link.tsize().getAsLong());
    }
    return size;
  }

  private static byte[] encodeLink(PbLink link) {
    ProtoWriter w = new ProtoWriter(linkSize(link));
    w.bytesField(1, link.hash().bytes());
    if (link.rawName() != null) {
      w.bytesField(2, link.rawName());
    }
    if (link.tsize().isPresent()) {
      w.varintField(3, link.tsize().getAsLong());
    }
    return w.toByteArray();
  }

  public static PbNode decode(byte[] bytes) throws MalformedDataException {
    return decode(ByteReader.of(bytes));
  }

  public static PbNode decode(ByteReader in) throws MalformedDataException {
    ProtoReader r = new ProtoReader(in, "PBNode");
    List<PbLink> links = new ArrayList<>();
    byte[] data = null;
    boolean sawData = false;
    while (r.hasNext()) {
      int field = r.next();
      switch (field) {
        case 1 -> {
          if (sawData) {
            throw r.error("Data", "duplicate Data field");
          }
          data = r.bytes("Data");
          sawData = true;
        }
        case 2 -> links.add(decodeLink(r.embedded("Links")));
        default -> throw r.error("field" + field, "unknown field " + field);
      }
    }
    return PbNode.trusted(List.copyOf(links), data);
  }

  private static PbLink decodeLink(ByteReader in) throws MalformedDataException {
    ProtoReader r = new ProtoReader(in, "PBLink");
    Cid hash = null;
    byte[] name = null;
    long tsize = -1;
    int last = 0;
    while (r.hasNext()) {
      int field = r.next();
      if (field <= last) {
        String fn = field == 1 ? "Hash" : field == 2 ? "Name" : field == 3 ? "Tsize" : "field" + field;
        throw r.error(fn, field == last ? "duplicate field" : "field out of order (Hash, Name, Tsize)");
      }
      switch (field) {
        case 1 -> {
          ByteReader h = r.embedded("Hash");
          long at = h.offset();
          try {
            hash = Cid.read(h);
          } catch (MalformedDataException e) {
            throw new MalformedDataException("PBLink.Hash", at, "not a CID: " + e.getMessage(), e);
          }
          if (h.hasRemaining()) {
            throw new MalformedDataException("PBLink.Hash", h.offset(), "trailing bytes after CID");
          }
        }
        case 2 -> name = r.bytes("Name");
        case 3 -> {
          tsize = r.varint("Tsize");
        }
        default -> throw r.error("field" + field, "unknown field " + field);
      }
      last = field;
    }
    if (hash == null) {
      throw new MalformedDataException("PBLink.Hash", in.offset(), "missing Hash");
    }
    return PbLink.trusted(hash, name, tsize);
  }
}
