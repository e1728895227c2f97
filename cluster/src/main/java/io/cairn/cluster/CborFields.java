package io.cairn.cluster;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Typed, strict access to one decoded DAG-CBOR map: every read names the field on failure, and
 * {@link #end()} refuses fields that were never read, so an unknown field is an error rather
 * than silently dropped.
 */
final class CborFields {
  private final String what;
  private final Map<String, Object> map;
  private final Set<String> read = new HashSet<>();

  private CborFields(String what, Map<String, Object> map) {
    this.what = what;
    this.map = map;
  }

  @SuppressWarnings("unchecked")
  static CborFields of(String what, Object value) throws MalformedDataException {
    if (!(value instanceof Map<?, ?> m)) {
      throw new MalformedDataException(what, -1, "expected a map, got " + kind(value));
    }
    return new CborFields(what, (Map<String, Object>) m);
  }

  private Object get(String key) throws MalformedDataException {
    read.add(key);
    if (!map.containsKey(key)) {
      throw new MalformedDataException(what + "." + key, -1, "missing");
    }
    return map.get(key);
  }

  boolean has(String key) {
    return map.containsKey(key);
  }

  String string(String key) throws MalformedDataException {
    Object v = get(key);
    if (v instanceof String s) {
      return s;
    }
    throw wrong(key, "a string", v);
  }

  long integer(String key) throws MalformedDataException {
    Object v = get(key);
    if (v instanceof Long n) {
      return n;
    }
    throw wrong(key, "an integer", v);
  }

  int smallInt(String key, int min, int max) throws MalformedDataException {
    long n = integer(key);
    if (n < min || n > max) {
      throw new MalformedDataException(what + "." + key, -1, n + " is outside " + min + ".." + max);
    }
    return (int) n;
  }

  long nonNegative(String key) throws MalformedDataException {
    long n = integer(key);
    if (n < 0) {
      throw new MalformedDataException(what + "." + key, -1, "negative: " + n);
    }
    return n;
  }

  Cid cid(String key) throws MalformedDataException {
    Object v = get(key);
    if (v instanceof Cid c) {
      return c;
    }
    throw wrong(key, "a CID link", v);
  }

  List<Object> list(String key) throws MalformedDataException {
    Object v = get(key);
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    throw wrong(key, "a list", v);
  }

  List<String> strings(String key) throws MalformedDataException {
    List<String> out = new ArrayList<>();
    List<Object> items = list(key);
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String s)) {
        throw new MalformedDataException(what + "." + key + "[" + i + "]", -1,
            "expected a string, got " + kind(items.get(i)));
      }
      out.add(s);
    }
    return out;
  }

  CborFields map(String key) throws MalformedDataException {
    return of(what + "." + key, get(key));
  }

  TreeMap<String, String> stringMap(String key) throws MalformedDataException {
    Object v = get(key);
    if (!(v instanceof Map<?, ?> m)) {
      throw wrong(key, "a map", v);
    }
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new MalformedDataException(what + "." + key + "." + e.getKey(), -1,
            "expected a string, got " + kind(e.getValue()));
      }
      out.put((String) e.getKey(), s);
    }
    return out;
  }

  /** Fails if the map holds a field nobody asked for. */
  void end() throws MalformedDataException {
    for (String key : new TreeMap<>(map).keySet()) {
      if (!read.contains(key)) {
        throw new MalformedDataException(what + "." + key, -1, "unknown field");
      }
    }
  }

  private MalformedDataException wrong(String key, String expected, Object got) {
    return new MalformedDataException(what + "." + key, -1, "expected " + expected + ", got " + kind(got));
  }

  static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof byte[]) {
      return "bytes";
    }
    if (v instanceof Map<?, ?>) {
      return "a map";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }
}
