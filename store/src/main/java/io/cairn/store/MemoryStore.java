package io.cairn.store;

import io.cairn.codec.Cid;
import io.cairn.codec.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A store in memory, for tests and throw-away work. */
public final class MemoryStore extends AbstractStore {
  private final Map<Multihash, byte[]> blocks = new ConcurrentHashMap<>();
  private final Map<Cid, Pin> pins = new ConcurrentHashMap<>();
  private final java.util.NavigableMap<byte[], byte[]> meta = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);

  public MemoryStore() {
    super("memory");
  }

  @Override
  byte[] read(Cid cid) {
    byte[] b = blocks.get(cid.multihash());
    return b == null ? null : b.clone();
  }

  @Override
  synchronized void write(List<io.cairn.codec.Block> newBlocks, Changes changes, boolean sync) {
    if (!sync && !changes.isEmpty()) {
      throw new IllegalArgumentException("pins and metadata are only written with a synced write");
    }
    for (io.cairn.codec.Block b : newBlocks) {
      blocks.put(b.cid().multihash(), b.data());
    }
    for (Cid c : changes.unpins()) {
      pins.remove(c);
    }
    for (Pin p : changes.pins()) {
      pins.put(p.cid(), p);
    }
    for (Changes.Meta m : changes.meta()) {
      if (m.value() == null) {
        meta.remove(m.key());
      } else {
        meta.put(m.key(), m.value());
      }
    }
  }

  @Override
  public synchronized Optional<byte[]> meta(byte[] key) {
    byte[] v = meta.get(key);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  @Override
  public void forEachMeta(byte[] prefix, java.util.function.BiConsumer<byte[], byte[]> action) {
    List<Map.Entry<byte[], byte[]>> found = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<byte[], byte[]> e : meta.tailMap(prefix, true).entrySet()) {
        if (!Changes.startsWith(e.getKey(), prefix)) {
          break;
        }
        found.add(Map.entry(e.getKey().clone(), e.getValue().clone()));
      }
    }
    found.forEach(e -> action.accept(e.getKey(), e.getValue()));
  }

  @Override
  public boolean delete(Multihash multihash) {
    return blocks.remove(multihash) != null;
  }

  @Override
  public void forEachKey(Consumer<Multihash> action) {
    new ArrayList<>(blocks.keySet()).forEach(action);
  }

  @Override
  public Optional<Pin> pin(Cid cid) {
    return Optional.ofNullable(pins.get(cid));
  }

  @Override
  public List<Pin> pins() {
    return new ArrayList<>(pins.values());
  }

  @Override
  public boolean removePin(Cid cid) {
    return pins.remove(cid) != null;
  }

  @Override
  public void close() {}

}
