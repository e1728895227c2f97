package io.cairn.cluster;

import static io.cairn.cluster.TestCids.cid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
  @TempDir Path dir;

  private static void write(HistoryStore h, long index, HistoryEvent.Kind kind, List<String> alloc) throws IOException {
    try (HistoryStore.Batch b = h.batch()) {
      b.add(cid(1), 0, new HistoryEvent(index, index * 10, kind, alloc));
      b.write();
    }
  }

  @Test
  void reopeningKeepsTheHistory() throws IOException {
    try (HistoryStore h = HistoryStore.open(dir)) {
      write(h, 1, HistoryEvent.Kind.PINNED, List.of("a"));
      write(h, 2, HistoryEvent.Kind.UNPINNED, List.of());
      h.markDurable(2);
    }
    try (HistoryStore h = HistoryStore.open(dir)) {
      assertEquals(List.of(HistoryEvent.Kind.PINNED, HistoryEvent.Kind.UNPINNED),
          h.events(cid(1)).stream().map(HistoryEvent::kind).toList());
      assertEquals(2, h.durableThrough());
      h.clear();
      assertEquals(List.of(), h.events(cid(1)));
      assertEquals(-1, h.durableThrough(), "a cleared history is not whole until marked again");
    }
  }

  /**
   * Unsynced writes survive the process's death: the files as they are while the store is open
   * (what a SIGKILL leaves) open with every write made, none synced.
   */
  @Test
  void writesSurviveAProcessCrash() throws IOException {
    Path live = dir.resolve("live");
    Path crashed = dir.resolve("crashed");
    try (HistoryStore h = HistoryStore.open(live)) {
      for (long i = 1; i <= 50; i++) {
        write(h, i, HistoryEvent.Kind.REALLOCATED, List.of("p" + i));
      }
      copy(live, crashed); // before any close, flush or sync
    }
    try (HistoryStore h = HistoryStore.open(crashed)) {
      List<HistoryEvent> events = h.events(cid(1));
      assertEquals(50, events.size());
      assertEquals(List.of("p50"), events.getLast().allocations());
      assertEquals(-1, h.durableThrough());
    }
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        if (Files.isDirectory(f)) {
          copy(f, to.resolve(f.getFileName().toString()));
        } else if (!f.getFileName().toString().equals("LOCK")) {
          Files.copy(f, to.resolve(f.getFileName().toString()));
        }
      }
    }
  }

  @Test
  void malformedStoredValuesAreRefusedNamingTheField() throws IOException {
    try (HistoryStore h = HistoryStore.open(dir)) {
      byte[] key = HistoryRecords.cidKey(cid(1).bytes(), 5, 0);
      h.putRaw(key, new byte[] {(byte) 0xa1, 0x61}); // a map cut short
      MalformedDataException e = assertThrows(MalformedDataException.class, () -> h.events(cid(1)));
      assertTrue(e.getMessage().contains("cluster history record " + cid(1) + "@5"), e.getMessage());

      h.putRaw(key, DagCbor.encode(Map.of("i", 5L, "t", 1L, "k", "pinned", "alloc", List.of("a"), "x", 1L)));
      e = assertThrows(MalformedDataException.class, () -> h.events(cid(1)));
      assertTrue(e.getMessage().contains(".x") && e.getMessage().contains("unknown field"), e.getMessage());

      h.putRaw(key, DagCbor.encode(Map.of("i", 5L, "t", 1L, "k", "vanished", "alloc", List.of())));
      e = assertThrows(MalformedDataException.class, () -> h.events(cid(1)));
      assertTrue(e.getMessage().contains("unknown history event kind 'vanished'"), e.getMessage());

      h.putRaw(key, DagCbor.encode(Map.of("i", 6L, "t", 1L, "k", "pinned", "alloc", List.of("a"))));
      e = assertThrows(MalformedDataException.class, () -> h.events(cid(1)));
      assertTrue(e.getMessage().contains("@5.i") && e.getMessage().contains("stored under index 5"), e.getMessage());
      assertThrows(MalformedDataException.class, () -> {
        try (HistoryCursor<Holding> c = h.stateAt(100)) {
          c.next();
        }
      });

      h.putRaw(HistoryRecords.memberKey(3, 0), DagCbor.encode(Map.of("i", 3L, "t", 1L, "k", "peer-added", "peer", "p1")));
      e = assertThrows(MalformedDataException.class, h::members);
      assertTrue(e.getMessage().contains("cluster member record @3.peer"), e.getMessage());

      h.putRaw(HistoryRecords.memberKey(3, 0), new byte[0]);
      assertThrows(MalformedDataException.class, h::members);
    }
  }

  @Test
  void stateAtReadsEachCidsLastEventAtOrBeforeTheTime() throws IOException {
    try (HistoryStore h = HistoryStore.open(dir)) {
      try (HistoryStore.Batch b = h.batch()) {
        b.add(cid(1), 0, new HistoryEvent(1, 100, HistoryEvent.Kind.PINNED, List.of("a", "b")));
        b.add(cid(2), 0, new HistoryEvent(1, 100, HistoryEvent.Kind.PINNED, List.of("c")));
        b.write();
      }
      try (HistoryStore.Batch b = h.batch()) {
        b.add(cid(1), 0, new HistoryEvent(2, 200, HistoryEvent.Kind.REALLOCATED, List.of("a", "c")));
        b.add(cid(2), 0, new HistoryEvent(2, 200, HistoryEvent.Kind.UNPINNED, List.of()));
        b.write();
      }
      assertEquals(List.of(), collect(h, 99));
      assertEquals(List.of(new Holding(cid(1), List.of("a", "b")), new Holding(cid(2), List.of("c"))).stream()
          .sorted((x, y) -> x.cid().compareTo(y.cid())).toList(), collect(h, 199));
      assertEquals(List.of(new Holding(cid(1), List.of("a", "c"))), collect(h, 200));
    }
  }

  private static List<Holding> collect(HistoryStore h, long time) throws IOException {
    List<Holding> out = new java.util.ArrayList<>();
    try (HistoryCursor<Holding> c = h.stateAt(time)) {
      for (Holding x = c.next(); x != null; x = c.next()) {
        out.add(x);
      }
    }
    return out;
  }

  @Test
  void closingWithACursorOpenEndsTheCursorNotTheProcess() throws IOException {
    HistoryStore h = HistoryStore.open(dir);
    write(h, 1, HistoryEvent.Kind.PINNED, List.of("a"));
    HistoryCursor<Holding> c = h.stateAt(100);
    h.close();
    IOException e = assertThrows(IOException.class, c::next);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    c.close();
  }
}
