package io.cairn.server.node;

import io.cairn.codec.Cid;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code repo verify}: reads every block back and checks it against its hash, then checks that
 * every recursive pin's DAG is whole and every direct pin's block is there. Read-only: problems
 * are reported, nothing is changed.
 */
public final class RepoVerify {
  private RepoVerify() {}

  /** Told of each block as it is checked, and of each problem as it is found. */
  public interface Listener {
    /** A block was read: {@code bytes} long, {@code problem} null when it is sound. */
    void block(long index, int bytes, String problem) throws IOException;

    default void pinProblem(String problem) throws IOException {}
  }

  /** What was checked and what was wrong. */
  public record Result(long blocks, long pins, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  public static Result run(Store store, Listener listener) throws IOException {
    List<Multihash> keys = new ArrayList<>();
    store.forEachKey(keys::add);
    List<String> problems = new ArrayList<>();
    long index = 0;
    for (Multihash mh : keys) {
      Cid asRaw = Cid.v1(Multicodec.RAW, mh);
      index++;
      try {
        listener.block(index, store.get(asRaw).length, null); // get() checks the bytes against the hash
      } catch (MalformedDataException e) {
        String problem = "block " + asRaw + ": " + e.getMessage();
        problems.add(problem);
        listener.block(index, 0, problem);
      }
    }
    long pins = 0;
    for (Pin p : store.pins()) {
      pins++;
      String problem = null;
      if (p.mode() == PinMode.RECURSIVE) {
        DagWalk.Result r = DagWalk.walk(store, p.cid(), new HashSet<>());
        if (!r.complete()) {
          problem = "pin " + p.cid() + " is missing " + r.missing().size() + " blocks (e.g. "
              + r.missing().iterator().next() + ")";
        }
      } else if (!store.has(p.cid())) {
        problem = "direct pin " + p.cid() + " has no block";
      }
      if (problem != null) {
        problems.add(problem);
        listener.pinProblem(problem);
      }
    }
    return new Result(keys.size(), pins, problems);
  }
}
