package io.cairn.server.sync;

import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the repository remembers of a synced tree as a whole, stored as DAG-CBOR
 * {@code {"path", "options", "hidden", "keep", "versions": [[number, root, time, files, bytes], …]}}
 * (versions newest first). The per-directory records ({@link DirRecord}) are valid for the
 * newest version, made with {@code options} and {@code hidden}.
 *
 * @param path the directory synced (absolute)
 * @param options the import settings, as {@code ImportOptions.toString()}: a sync with other
 *     settings re-reads every file
 * @param hidden whether hidden files were included
 * @param keep how many versions are kept (-1: all)
 * @param versions the kept versions, newest first (never empty)
 */
public record TreeRecord(String path, String options, boolean hidden, int keep, List<Version> versions) {
  public TreeRecord {
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a tree record needs a version");
    }
  }

  public Version latest() {
    return versions.get(0);
  }

  byte[] encode() {
    List<Object> vs = new ArrayList<>();
    for (Version v : versions) {
      vs.add(List.of(v.number(), v.root(), v.time(), v.files(), v.bytes()));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("options", options);
    m.put("hidden", hidden);
    m.put("keep", (long) keep);
    m.put("versions", vs);
    return DagCbor.encode(m);
  }

  static TreeRecord decode(String name, byte[] bytes) throws MalformedDataException {
    String what = "sync record of '" + name + "'";
    if (!(DagCbor.decode(bytes) instanceof Map<?, ?> m)) {
      throw new MalformedDataException(what, 0, "not a map");
    }
    List<Version> versions = new ArrayList<>();
    if (!(m.get("versions") instanceof List<?> vs) || vs.isEmpty()) {
      throw new MalformedDataException(what, 0, "no versions");
    }
    for (int i = 0; i < vs.size(); i++) {
      if (!(vs.get(i) instanceof List<?> v) || v.size() != 5 || !(v.get(1) instanceof Cid root)) {
        throw new MalformedDataException(what, 0, "version " + i + " is not [number, root, time, files, bytes]");
      }
      versions.add(new Version(number(v.get(0), what, "version " + i + " number"), root,
          number(v.get(2), what, "version " + i + " time"), number(v.get(3), what, "version " + i + " files"),
          number(v.get(4), what, "version " + i + " bytes")));
    }
    if (!(m.get("path") instanceof String path) || !(m.get("options") instanceof String options)
        || !(m.get("hidden") instanceof Boolean hidden)) {
      throw new MalformedDataException(what, 0, "path, options or hidden missing");
    }
    return new TreeRecord(path, options, hidden, (int) number(m.get("keep"), what, "keep"), versions);
  }

  static long number(Object o, String what, String field) throws MalformedDataException {
    if (o instanceof Long l) {
      return l;
    }
    throw new MalformedDataException(what, 0, field + " is not an integer");
  }
}
