package io.cairn.car;

import io.cairn.codec.ByteReader;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Varint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CARv1 header: DAG-CBOR {@code {roots: [CID…], version: 1}} behind a varint length.
 *
 * <pre>
 * zero roots:  11 a2 65 "roots" 80 67 "version" 01
 * </pre>
 */
public record CarHeader(int version, List<Cid> roots) {
  public CarHeader {
    roots = List.copyOf(roots);
  }

  public static CarHeader v1(List<Cid> roots) {
    return new CarHeader(1, roots);
  }

  /** The DAG-CBOR bytes of the header (without the varint length). */
  public byte[] encodeBody() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("roots", new ArrayList<Object>(roots));
    m.put("version", (long) version);
    return DagCbor.encode(m);
  }

  /** The header as it starts a CAR file: varint(length) ‖ body. */
  public byte[] encode() {
    byte[] body = encodeBody();
    byte[] len = Varint.encode(body.length);
    byte[] out = new byte[len.length + body.length];
    System.arraycopy(len, 0, out, 0, len.length);
    System.arraycopy(body, 0, out, len.length, body.length);
    return out;
  }

  /**
   * Decodes a header body. Version 1 needs {@code roots}, a list of CIDs; version 2 (the
   * CARv2 pragma) has only {@code version}. Unknown keys are ignored, as go-car does.
   */
  public static CarHeader decodeBody(byte[] body, long offset) throws MalformedDataException {
    Object v;
    try {
      ByteReader r = ByteReader.of(body, 0, body.length, offset);
      v = DagCbor.read(r);
      if (r.hasRemaining()) {
        throw new MalformedDataException("CAR header", r.offset(), r.remaining() + " trailing bytes");
      }
    } catch (MalformedDataException e) {
      throw new MalformedDataException("CAR header", offset, "not valid DAG-CBOR: " + e.getMessage(), e);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new MalformedDataException("CAR header", offset, "header is not a map");
    }
    Object version = m.get("version");
    if (!(version instanceof Long ver)) {
      throw new MalformedDataException("CAR header.version", offset, "missing or not an integer");
    }
    if (ver == 2) {
      return new CarHeader(2, List.of());
    }
    if (ver != 1) {
      throw new MalformedDataException("CAR header.version", offset, "unsupported CAR version " + ver);
    }
    Object roots = m.get("roots");
    if (!(roots instanceof List<?> list)) {
      throw new MalformedDataException("CAR header.roots", offset, "missing or not a list");
    }
    List<Cid> cids = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof Cid c)) {
        throw new MalformedDataException("CAR header.roots", offset, "root is not a CID: " + o);
      }
      cids.add(c);
    }
    return new CarHeader(1, cids);
  }
}
