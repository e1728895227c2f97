package io.cairn.server.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON for responses: compact, one value per line; maps keep the field order Kubo writes. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code value} as UTF-8 JSON followed by a newline (as Go's json.Encoder writes it). */
  static byte[] line(Object value) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(value);
      byte[] out = new byte[json.length + 1];
      System.arraycopy(json, 0, out, 0, json.length);
      out[json.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  static String string(Object value) {
    return new String(line(value), StandardCharsets.UTF_8).stripTrailing();
  }

  /** An ordered map from alternating keys and values: {@code obj("Key", k, "Size", n)}. */
  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A CID as DAG-JSON writes a link: <code>{"/": "cid"}</code>. */
  static Map<String, Object> link(Object cid) {
    return obj("/", cid.toString());
  }
}
