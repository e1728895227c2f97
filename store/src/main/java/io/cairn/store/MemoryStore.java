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

  public MemoryStore() {
    super("memory");
  }

  @Override
  byte[] read(Cid cid) {
    byte[] b = blocks.get(cid.multihash());
    return b == null ? null : b.clone();
  }

  @Override
  synchronized void write(List<io.cairn.codec.Block> newBlocks, List<Pin> newPins, boolean sync) {
    for (io.cairn.codec.Block b : newBlocks) {
      blocks.put(b.cid().multihash(), b.data());
    }
    for (Pin p : newPins) {
      pins.put(p.cid(), p);
    }
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
