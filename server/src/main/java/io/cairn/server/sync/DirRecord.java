package io.cairn.server.sync;

import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import io.cairn.server.node.TreeAdder;
import io.cairn.unixfs.ImportedNode;
import io.cairn.unixfs.Metadata;
import io.cairn.unixfs.UnixTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync saw of one directory: the directory's own stat and node, and each entry's stat and
 * node. Stored as DAG-CBOR {@code [self, [entry, …]]} where each item is
 * {@code [name, kind, size, mtimeSeconds, mtimeNanos, mode, metaMtime, cid, tsize, contentSize]}
 * (kind 0 file, 1 directory, 2 symlink; mode -1 = none recorded; metaMtime whether the node
 * records the mtime). Arrays rather than maps keep a 10,000-entry directory's record small.
 */
final class DirRecord {
  private final TreeAdder.Entry self;
  private final List<TreeAdder.Entry> entries;
  private Map<String, TreeAdder.Entry> byName;

  DirRecord(TreeAdder.Entry self, List<TreeAdder.Entry> entries) {
    this.self = self;
    this.entries = List.copyOf(entries);
  }

  TreeAdder.Entry self() {
    return self;
  }

  /** The entry named {@code name}, or null. */
  TreeAdder.Entry entry(String name) {
    if (byName == null) {
      byName = new HashMap<>(entries.size() * 2);
      for (TreeAdder.Entry e : entries) {
        byName.put(e.name(), e);
      }
    }
    return byName.get(name);
  }

  List<TreeAdder.Entry> entries() {
    return entries;
  }

  /**
   * Whether a directory with this metadata and these entries has this record's node: the same
   * names pointing at the same nodes, in the same order, and the same metadata on the directory.
   */
  boolean sameNode(Metadata meta, List<TreeAdder.Entry> now) {
    if (!self.stat().meta().equals(meta) || now.size() != entries.size()) {
      return false;
    }
    for (int i = 0; i < now.size(); i++) {
      TreeAdder.Entry a = entries.get(i);
      TreeAdder.Entry b = now.get(i);
      if (!a.name().equals(b.name()) || !a.node().equals(b.node())) {
        return false;
      }
    }
    return true;
  }

  byte[] encode() {
    List<Object> items = new ArrayList<>(entries.size());
    for (TreeAdder.Entry e : entries) {
      items.add(item(e));
    }
    return DagCbor.encode(List.of(item(self), items));
  }

  private static List<Object> item(TreeAdder.Entry e) {
    TreeAdder.Stat s = e.stat();
    return List.of(e.name(), (long) s.kind().ordinal(), s.size(), s.mtimeSeconds(), (long) s.mtimeNanos(),
        (long) s.meta().mode(), s.meta().mtime() != null, e.node().cid(), e.node().tsize(), e.node().contentSize());
  }

  static DirRecord decode(String what, byte[] bytes) throws MalformedDataException {
    if (!(DagCbor.decode(bytes) instanceof List<?> top) || top.size() != 2 || !(top.get(1) instanceof List<?> items)) {
      throw new MalformedDataException(what, 0, "not [self, entries]");
    }
    TreeAdder.Entry self = entry(top.get(0), what, "self");
    List<TreeAdder.Entry> entries = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      entries.add(entry(items.get(i), what, "entry " + i));
    }
    return new DirRecord(self, entries);
  }

  private static TreeAdder.Entry entry(Object o, String what, String where) throws MalformedDataException {
    if (!(o instanceof List<?> f) || f.size() != 10 || !(f.get(0) instanceof String name)
        || !(f.get(6) instanceof Boolean metaMtime) || !(f.get(7) instanceof Cid cid)) {
      throw new MalformedDataException(what, 0, where + " is not [name, kind, size, mtime, nanos, mode, metaMtime, cid, tsize, contentSize]");
    }
    long kind = TreeRecord.number(f.get(1), what, where + " kind");
    long nanos = TreeRecord.number(f.get(4), what, where + " nanos");
    long mode = TreeRecord.number(f.get(5), what, where + " mode");
    if (kind < 0 || kind >= TreeAdder.Kind.values().length || nanos < 0 || nanos > 999_999_999 || mode < -1
        || mode > 07777) {
      throw new MalformedDataException(what, 0, where + " has a kind, nanoseconds or mode out of range");
    }
    long seconds = TreeRecord.number(f.get(3), what, where + " mtime");
    Metadata meta = new Metadata((int) mode, metaMtime ? new UnixTime(seconds, (int) nanos) : null);
    TreeAdder.Stat stat = new TreeAdder.Stat(TreeAdder.Kind.values()[(int) kind],
        TreeRecord.number(f.get(2), what, where + " size"), seconds, (int) nanos, meta);
    return new TreeAdder.Entry(name, stat,
        new ImportedNode(cid, TreeRecord.number(f.get(8), what, where + " tsize"),
            TreeRecord.number(f.get(9), what, where + " contentSize")));
  }
}
