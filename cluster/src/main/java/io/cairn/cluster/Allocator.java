package io.cairn.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses which peers hold a pin (pure: inputs in, peer ids out). The rules, in order:
 *
 * <ol>
 *   <li>Candidates are the peers with a live metric. A peer that already holds the pin stays
 *       a candidate whatever its free space; any other needs {@code free - reserve ≥ size
 *       hint}, so a disk is never filled past its reserve.
 *   <li>Stability: current holders that are still candidates are kept. If they are at least
 *       replication-min, nothing is added (only trimmed to replication-max).
 *   <li>Otherwise peers are added, up to replication-max, one at a time: user allocations
 *       first (in the user's order), then the best by tag diversity (a peer whose value of an
 *       {@code allocateBy} tag no chosen peer has yet comes first), fewest pins allocated
 *       (exact, from the replicated state — free-space reports are seconds old, so a burst of
 *       pins would all land on the same peer if free space ranked first), most free space,
 *       and peer id (a total order: the same inputs give the same answer).
 *   <li>Fewer than replication-min in the end is an {@link AllocationException}. -1 means
 *       every candidate.
 * </ol>
 */
public final class Allocator {
  private final long reserveBytes;
  private final List<String> allocateBy;

  /**
   * @param reserveBytes free space every peer keeps beyond what it is allocated
   * @param allocateBy tag names whose values replicas should spread across (e.g. "region")
   */
  public Allocator(long reserveBytes, List<String> allocateBy) {
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("reserveBytes < 0");
    }
    this.reserveBytes = reserveBytes;
    this.allocateBy = List.copyOf(allocateBy);
  }

  /**
   * @param options the pin's replication, user allocations and size hint
   * @param current the peers holding it now (empty for a new pin)
   * @param live the live metrics of the cluster's members
   * @param allocated how many pins each peer is allocated now
   * @return the chosen peers, sorted by id
   */
  public List<String> allocate(PinOptions options, List<String> current, List<PeerMetric> live,
      Map<String, Integer> allocated) throws AllocationException {
    return allocate(options, current, live, allocated, false);
  }

  /** As {@link #allocate(PinOptions, List, List, Map)}; with {@code bestEffort}, fewer than min is not an error (but none is). */
  public List<String> allocate(PinOptions options, List<String> current, List<PeerMetric> live,
      Map<String, Integer> allocated, boolean bestEffort) throws AllocationException {
    Objects.requireNonNull(options, "options");
    Map<String, PeerMetric> byPeer = new LinkedHashMap<>();
    for (PeerMetric m : live) {
      byPeer.put(m.peer(), m);
    }
    int min = options.replicationMin() == -1 ? byPeer.size() : options.replicationMin();
    int max = options.replicationMax() == -1 ? byPeer.size() : options.replicationMax();
    if (min == 0) {
      throw new AllocationException("no live peers to allocate to");
    }
    List<String> chosen = new ArrayList<>();
    for (String peer : current) {
      if (byPeer.containsKey(peer) && chosen.size() < max) {
        chosen.add(peer);
      }
    }
    if (chosen.size() >= min) {
      return chosen.stream().sorted().toList();
    }
    List<PeerMetric> pool = new ArrayList<>();
    for (PeerMetric m : byPeer.values()) {
      if (!chosen.contains(m.peer()) && m.freeBytes() - reserveBytes >= options.sizeHint()) {
        pool.add(m);
      }
    }
    while (chosen.size() < max && !pool.isEmpty()) {
      PeerMetric best = pool.stream().min(rank(options.userAllocations(), chosen, byPeer, allocated)).get();
      chosen.add(best.peer());
      pool.remove(best);
    }
    if (chosen.size() < min && !(bestEffort && !chosen.isEmpty())) {
      throw new AllocationException("replication-min " + min + " needs " + min
          + " live peers with " + (options.sizeHint() + reserveBytes) + " bytes free, only "
          + chosen.size() + " of " + byPeer.size() + " live peers qualify");
    }
    return chosen.stream().sorted().toList();
  }

  private Comparator<PeerMetric> rank(List<String> user, List<String> chosen,
      Map<String, PeerMetric> byPeer, Map<String, Integer> allocated) {
    Set<String> usedTags = new HashSet<>();
    for (String peer : chosen) {
      PeerMetric m = byPeer.get(peer);
      for (String tag : allocateBy) {
        usedTags.add(tag + "=" + m.tags().get(tag));
      }
    }
    return Comparator.<PeerMetric>comparingInt(m -> user.contains(m.peer()) ? user.indexOf(m.peer()) : Integer.MAX_VALUE)
        .thenComparingInt(m -> -novelTags(m, usedTags))
        .thenComparingInt(m -> allocated.getOrDefault(m.peer(), 0))
        .thenComparing(Comparator.comparingLong(PeerMetric::freeBytes).reversed())
        .thenComparing(PeerMetric::peer);
  }

  private int novelTags(PeerMetric m, Set<String> used) {
    int n = 0;
    for (String tag : allocateBy) {
      if (!used.contains(tag + "=" + m.tags().get(tag))) {
        n++;
      }
    }
    return n;
  }
}
