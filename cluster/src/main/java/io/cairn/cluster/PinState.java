package io.cairn.cluster;

import io.cairn.codec.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated state, free of Ratis: the pinset, the member records and the audit history,
 * changed only by {@link #apply}. Apply is deterministic — it reads no clock and no metric —
 * so every peer that applies the same log holds the same state. An entry's time is taken as
 * {@code max(entry time, last applied time)}, so times never go backwards along the log even
 * when a new leader's clock is behind the old one's. Thread-safe (one monitor for the pinset;
 * the audit history is a {@link HistoryStore} on disk, written once per entry and read without
 * the monitor).
 */
final class PinState {
  private final TreeMap<Cid, ClusterPin> pins = new TreeMap<>();
  private final HistoryStore history;
  private final TreeMap<String, PeerRecord> peers = new TreeMap<>();
  private final HashMap<String, Integer> allocatedCounts = new HashMap<>();
  private long lastTime;
  /** The events of the entry being applied: written in one batch when it is done. */
  private Recorder recorder;

  PinState(HistoryStore history) {
    this.history = history;
  }

  /**
   * Applies one log entry at {@code index} and returns the pin it left (for pin and allocate
   * entries on a pinned CID), or empty (always for a batch: see {@link #applyEntry}).
   */
  synchronized Optional<ClusterPin> apply(long index, ClusterEntry entry) throws IOException {
    List<Optional<ClusterPin>> after = applyEntry(index, entry);
    return entry instanceof ClusterEntry.Batch ? Optional.empty() : after.getFirst();
  }

  /**
   * Applies one log entry at {@code index} and returns what each of its entries left (one for
   * an entry that is not a batch), in order. The entry's history events are written in one
   * unsynced RocksDB write batch.
   */
  synchronized List<Optional<ClusterPin>> applyEntry(long index, ClusterEntry entry) throws IOException {
    try (Recorder r = new Recorder(index)) {
      recorder = r;
      List<Optional<ClusterPin>> after;
      if (entry instanceof ClusterEntry.Batch b) {
        lastTime = Math.max(b.time(), lastTime);
        after = new ArrayList<>(b.entries().size());
        for (ClusterEntry e : b.entries()) {
          after.add(applyOne(e));
        }
      } else {
        after = List.of(applyOne(entry));
      }
      r.write();
      return after;
    } finally {
      recorder = null;
    }
  }

  /**
   * Collects an entry's events with their position: the count of earlier events of the same CID
   * (or of members) in the entry, so a re-applied entry, and a history rebuilt from a snapshot,
   * give every event the same key.
   */
  private final class Recorder implements AutoCloseable {
    private final long index;
    private final HistoryStore.Batch batch = history.batch();
    private final Map<Cid, Integer> positions = new HashMap<>();
    private int memberPosition;

    Recorder(long index) {
      this.index = index;
    }

    void cid(Cid cid, long time, HistoryEvent.Kind kind, List<String> alloc) throws IOException {
      int position = positions.merge(cid, 1, Integer::sum) - 1;
      batch.add(cid, position, new HistoryEvent(index, time, kind, alloc));
    }

    void member(long time, MemberEvent.Kind kind, PeerRecord peer) throws IOException {
      batch.add(memberPosition++, new MemberEvent(index, time, kind, peer));
    }

    void write() throws IOException {
      batch.write();
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  private Optional<ClusterPin> applyOne(ClusterEntry entry) throws IOException {
    long time = Math.max(entry.time(), lastTime);
    lastTime = time;
    switch (entry) {
      case ClusterEntry.Pin p -> {
        ClusterPin old = pins.get(p.cid());
        ClusterPin now = new ClusterPin(p.cid(), p.options(), p.allocations(),
            old == null ? time : old.createdAt(), time);
        if (old != null && old.options().equals(now.options())
            && old.allocations().equals(now.allocations())) {
          return Optional.of(old); // a repeated pin changes nothing, not even the time
        }
        put(now, old);
        recorder.cid(p.cid(), time, old == null ? HistoryEvent.Kind.PINNED : HistoryEvent.Kind.UPDATED,
            now.allocations());
        return Optional.of(now);
      }
      case ClusterEntry.Unpin u -> {
        ClusterPin old = pins.remove(u.cid());
        if (old != null) {
          count(old.allocations(), -1);
          recorder.cid(u.cid(), time, HistoryEvent.Kind.UNPINNED, List.of());
        }
        return Optional.empty();
      }
      case ClusterEntry.Allocate a -> {
        ClusterPin old = pins.get(a.cid());
        if (old == null) {
          return Optional.empty(); // unpinned between the leader's choice and this entry
        }
        if (old.allocations().equals(a.allocations())) {
          return Optional.of(old);
        }
        ClusterPin now = new ClusterPin(a.cid(), old.options(), a.allocations(), old.createdAt(), time);
        put(now, old);
        recorder.cid(a.cid(), time, HistoryEvent.Kind.REALLOCATED, now.allocations());
        return Optional.of(now);
      }
      case ClusterEntry.AddPeer a -> {
        peers.put(a.peer().id(), a.peer());
        recorder.member(time, MemberEvent.Kind.ADDED, a.peer());
        return Optional.empty();
      }
      case ClusterEntry.RemovePeer r -> {
        PeerRecord old = peers.remove(r.id());
        recorder.member(time, MemberEvent.Kind.REMOVED, old != null ? old : new PeerRecord(r.id(), "", ""));
        return Optional.empty();
      }
      case ClusterEntry.Batch b -> throw new IllegalArgumentException("a batch inside a batch");
    }
  }

  private void put(ClusterPin now, ClusterPin old) {
    if (old != null) {
      count(old.allocations(), -1);
    }
    count(now.allocations(), 1);
    pins.put(now.cid(), now);
  }

  private void count(List<String> allocations, int delta) {
    for (String peer : allocations) {
      allocatedCounts.merge(peer, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  synchronized Optional<ClusterPin> get(Cid cid) {
    return Optional.ofNullable(pins.get(cid));
  }

  /** All pins, ordered by CID. */
  synchronized List<ClusterPin> pins() {
    return List.copyOf(pins.values());
  }

  synchronized int size() {
    return pins.size();
  }

  synchronized List<PeerRecord> peers() {
    return List.copyOf(peers.values());
  }

  /** How many pins each peer is allocated (peers with none are absent). */
  synchronized Map<String, Integer> allocatedCounts() {
    return Map.copyOf(allocatedCounts);
  }

  /** Every change of {@code cid}, oldest first; empty if it was never pinned. */
  List<HistoryEvent> history(Cid cid) throws IOException {
    return history.events(cid);
  }

  /** Every membership change (peer added or removed), oldest first. */
  List<MemberEvent> memberHistory() throws IOException {
    return history.members();
  }

  /**
   * Who held what at {@code time} (epoch ms): for each CID pinned then, the allocations of its
   * last change at or before {@code time}, streamed in CID order (close it).
   */
  HistoryCursor<Holding> stateAt(long time) throws IOException {
    return history.stateAt(time);
  }

  /** {@link #stateAt(long)} collected (for small states and tests). */
  SortedMap<Cid, List<String>> stateAtMap(long time) throws IOException {
    TreeMap<Cid, List<String>> out = new TreeMap<>();
    try (HistoryCursor<Holding> s = stateAt(time)) {
      for (Holding h = s.next(); h != null; h = s.next()) {
        out.put(h.cid(), h.allocations());
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  synchronized long lastTime() {
    return lastTime;
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * The state as it is now, for a snapshot file: the pinset and members copied (they are in
   * memory anyway), the history as a RocksDB snapshot, so the file is written without the
   * monitor while entries go on being applied. Close it.
   */
  synchronized Frozen freeze() throws IOException {
    return new Frozen(lastTime, List.copyOf(peers.values()), List.copyOf(pins.values()), history.view());
  }

  record Frozen(long lastTime, List<PeerRecord> peers, List<ClusterPin> pins, HistoryStore.View history)
      implements AutoCloseable {
    void writeTo(SnapshotFile.Writer out) throws IOException {
      out.header(lastTime);
      for (PeerRecord p : peers) {
        out.peer(p);
      }
      for (ClusterPin p : pins) {
        out.pin(p);
      }
      long histories = history.writeHistories(out);
      long members = history.writeMembers(out);
      out.end(peers.size(), pins.size(), histories, members);
    }

    @Override
    public void close() {
      history.close();
    }
  }

  /** Writes the whole state now (tests; the state machine uses {@link #freeze}). */
  void writeTo(SnapshotFile.Writer out) throws IOException {
    try (Frozen f = freeze()) {
      f.writeTo(out);
    }
  }

  /**
   * Replaces the pinset and members with a snapshot's, read from {@code in} record by record.
   * With {@code keepHistory} the history on disk is kept as it is (it already holds every event
   * up to the snapshot: see {@link HistoryStore#durableThrough}) and the file's history records
   * are only checked; otherwise the history is cleared and rebuilt from the file, one write
   * batch per record, and made durable as whole up to {@code snapshotIndex}.
   */
  synchronized void replaceWith(InputStream in, boolean keepHistory, long snapshotIndex) throws IOException {
    pins.clear();
    peers.clear();
    allocatedCounts.clear();
    if (!keepHistory) {
      history.clear();
    }
    SnapshotFile.read(in, new SnapshotFile.Visitor() {
      private Cid lastCid;
      private long lastIndex = -1;
      private int position;
      private long lastMemberIndex = -1;
      private int memberPosition;

      @Override
      public void header(long time) {
        lastTime = time;
      }

      @Override
      public void peer(PeerRecord p) {
        peers.put(p.id(), p);
      }

      @Override
      public void pin(ClusterPin p) {
        put(p, null);
      }

      @Override
      public void history(Cid cid, List<HistoryEvent> events) throws IOException {
        if (keepHistory) {
          return;
        }
        try (HistoryStore.Batch batch = history.batch()) {
          for (HistoryEvent e : events) {
            position = cid.equals(lastCid) && e.index() == lastIndex ? position + 1 : 0;
            lastCid = cid;
            lastIndex = e.index();
            batch.add(cid, position, e);
          }
          batch.write();
        }
      }

      @Override
      public void member(MemberEvent e) throws IOException {
        if (keepHistory) {
          return;
        }
        memberPosition = e.index() == lastMemberIndex ? memberPosition + 1 : 0;
        lastMemberIndex = e.index();
        try (HistoryStore.Batch batch = history.batch()) {
          batch.add(memberPosition, e);
          batch.write();
        }
      }
    });
    if (!keepHistory) {
      history.markDurable(snapshotIndex);
    }
  }
}
