package io.cairn.server.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cairn.codec.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * DAG-JSON output of IPLD data-model values (as {@link io.cairn.codec.DagCbor} decodes them, and
 * DAG-PB nodes as {@link DagGet} maps them): compact, map keys sorted by their UTF-8 bytes,
 * links as <code>{"/": "cid"}</code>, bytes as <code>{"/": {"bytes": "base64"}}</code> (standard
 * alphabet, no padding) — the form Kubo's {@code dag get} prints.
 */
public final class DagJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private DagJson() {}

  /** Writes {@code value} to {@code out} (not closed). */
  public static void write(Object value, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(g, value);
    }
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long || v instanceof Integer) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof byte[] bytes) {
      g.writeStartObject();
      g.writeFieldName("/");
      g.writeStartObject();
      g.writeStringField("bytes", Base64.getEncoder().withoutPadding().encodeToString(bytes));
      g.writeEndObject();
      g.writeEndObject();
    } else if (v instanceof Cid c) {
      g.writeStartObject();
      g.writeStringField("/", c.toString());
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object x : list) {
        write(g, x);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      for (Object k : map.keySet()) {
        keys.add((String) k);
      }
      keys.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      g.writeStartObject();
      for (String k : keys) {
        g.writeFieldName(k);
        write(g, map.get(k));
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("not an IPLD data-model value: " + v.getClass().getName());
    }
  }
}
