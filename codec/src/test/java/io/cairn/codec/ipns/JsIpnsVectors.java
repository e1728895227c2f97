package io.cairn.codec.ipns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records made by the JS reference package {@code ipns} (npm) with fixed keys, kept in
 * {@code ipns/js-ipns.json} (written by {@code interop/lib/ipns-vectors.mjs}, which the interop
 * suite re-runs to check the file is current).
 */
record JsIpnsVectors(String seed, String name, String value, long sequence, long ttlNs, String validity,
    boolean v1Compatible, byte[] record) {
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\\s*(\"([^\"]*)\"|true|false)");

  static List<JsIpnsVectors> load() throws IOException {
    String json;
    try (InputStream in = JsIpnsVectors.class.getResourceAsStream("/ipns/js-ipns.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<JsIpnsVectors> out = new ArrayList<>();
    String cases = json.substring(json.indexOf("\"cases\""));
    for (String obj : cases.split("\\{")) {
      Map<String, String> f = new HashMap<>();
      Matcher m = FIELD.matcher(obj);
      while (m.find()) {
        f.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
      }
      if (f.containsKey("record")) {
        out.add(new JsIpnsVectors(f.get("seed"), f.get("name"), f.get("value"), Long.parseLong(f.get("sequence")),
            Long.parseLong(f.get("ttlNs")), f.get("validity"), Boolean.parseBoolean(f.get("v1Compatible")),
            HexFormat.of().parseHex(f.get("record"))));
      }
    }
    return out;
  }

  byte[] seedBytes() {
    return HexFormat.of().parseHex(seed);
  }
}
