package io.cairn.store;

import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pin: a CID kept from garbage collection, with its mode and an optional name. Stored as
 * DAG-CBOR {@code {"mode": "recursive"|"direct", "name": "…"}} under the CID's bytes.
 */
public record Pin(Cid cid, PinMode mode, String name) {
  public Pin {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(mode, "mode");
    name = name == null ? "" : name;
  }

  byte[] encodeValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.label());
    m.put("name", name);
    return DagCbor.encode(m);
  }

  static Pin decode(byte[] key, byte[] value) throws MalformedDataException {
    Cid cid = Cid.decode(key);
    if (!(DagCbor.decode(value) instanceof Map<?, ?> m) || !(m.get("mode") instanceof String mode)) {
      throw new MalformedDataException("pin record", 0, "not a {mode, name} map for " + cid);
    }
    try {
      return new Pin(cid, PinMode.parse(mode), m.get("name") instanceof String n ? n : "");
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("pin record", 0, e.getMessage());
    }
  }
}
