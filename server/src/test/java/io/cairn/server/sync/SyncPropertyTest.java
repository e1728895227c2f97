package io.cairn.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Cid;
import io.cairn.server.node.ImportSettings;
import io.cairn.store.DagWalk;
import io.cairn.store.MemoryStore;
import io.cairn.store.Store;
import io.cairn.unixfs.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * After any script of edits — files added, deleted, renamed, modified (same size or not),
 * chmod-ed, touched (mtime only), directories added, removed, renamed, touched and chmod-ed, a
 * file turned into a directory — {@code sync} gives exactly the root a fresh full add gives,
 * reads at most the files the edits touched, and leaves the whole DAG of the new root in the
 * store: as one process, and through a daemon's cache and watch (made stale by the others). Trees are
 * small, with one directory big enough to be a HAMT under the low threshold every settings
 * variant uses.
 */
class SyncPropertyTest {
  /** Settings variants: Kubo's defaults, CIDv1 with small chunks, metadata kept, trickle. */
  @Provide
  Arbitrary<List<String>> settings() {
    return Arbitraries.of(List.of("default"), List.of("v1"), List.of("meta"), List.of("trickle"));
  }

  static ImportOptions options(String variant) {
    ImportSettings s = new ImportSettings().hamtThreshold(300L);
    switch (variant) {
      case "v1" -> s.cidVersion(1).chunker("size-1024");
      case "meta" -> s.preserveMode(true).preserveMtime(true).chunker("size-2048");
      case "trickle" -> s.trickle(true).chunker("size-512").cidVersion(1).rawLeaves(false);
      default -> { }
    }
    return s.toOptions();
  }

  @Property(tries = 32)
  void syncGivesTheRootOfAFullAddAfterAnyEdits(@ForAll("settings") List<String> variant, @ForAll long seed)
      throws IOException {
    Path dir = Files.createTempDirectory("cairn-sync-prop").resolve("tree");
    TreeWatcher watcher = new TreeWatcher(null);
    try (Store store = new MemoryStore()) {
      Random random = new Random(seed);
      ImportOptions options = options(variant.get(0));
      Editor editor = new Editor(dir, random);
      editor.initial();
      SyncRequest request = new SyncRequest(dir, "t", options, false, 0, false);
      SyncCache cache = new SyncCache(); // a daemon's: used by most syncs, made stale by the others
      check(store, request, Integer.MAX_VALUE, cache, watcher);
      for (int round = 0; round < 5; round++) {
        int edits = 1 + random.nextInt(4);
        int reads = 0;
        for (int i = 0; i < edits; i++) {
          reads += editor.edit();
        }
        // A process of its own, the daemon's cache alone, its watch with the cache, its watch reading records.
        int through = random.nextInt(8);
        check(store, request, reads, through == 0 || through >= 6 ? null : cache, through <= 1 ? null : watcher);
      }
    } finally {
      watcher.close();
      Trees.delete(dir.getParent());
    }
  }

  private static void check(Store store, SyncRequest request, int maxReads, SyncCache cache, TreeWatcher watcher)
      throws IOException {
    SyncResult r = Sync.run(store, request, SyncListener.NONE, cache, watcher);
    Cid expected = Trees.fullAdd(request.dir(), request.options(), request.hidden());
    assertEquals(expected, r.root(), "sync root vs full add");
    assertTrue(r.filesRead() <= maxReads, "read " + r.filesRead() + " files after edits touching " + maxReads);
    assertTrue(DagWalk.walk(store, r.root(), new HashSet<>()).complete(), "the new root's DAG is all stored");
  }

  /** Random edits on a small tree; each returns how many files a sync may have to read for it. */
  private static final class Editor {
    private final Path dir;
    private final Random random;
    private long clock = 1_600_000_000L;
    private int serial;

    Editor(Path dir, Random random) {
      this.dir = dir;
      this.random = random;
    }

    void initial() throws IOException {
      for (int i = 0; i < 14; i++) {
        Trees.write(dir.resolve("big/f" + i), random, random.nextInt(300), tick()); // shards at 300 links-bytes
      }
      for (String p : List.of("a/x", "a/y", "a/b/z", "c/w", "top", ".hidden")) {
        Trees.write(dir.resolve(p), random, random.nextInt(6000), tick());
      }
      Files.createDirectories(dir.resolve("empty"));
    }

    private long tick() {
      return ++clock;
    }

    int edit() throws IOException {
      List<Path> files = files();
      Path f = files.isEmpty() ? null : files.get(random.nextInt(files.size()));
      switch (f == null ? 0 : random.nextInt(12)) {
        case 0 -> { // add a file in an existing or a new directory
          List<Path> dirs = dirs();
          Path parent = random.nextInt(4) == 0 ? dirs.get(random.nextInt(dirs.size())).resolve("n" + serial++)
              : dirs.get(random.nextInt(dirs.size()));
          Trees.write(parent.resolve("new" + serial++), random, random.nextInt(5000), tick());
          return 1;
        }
        case 1 -> {
          Files.delete(f);
          return 0;
        }
        case 2 -> { // rename, possibly into another directory
          List<Path> dirs = dirs();
          Path to = dirs.get(random.nextInt(dirs.size())).resolve("moved" + serial++);
          Files.move(f, to);
          return 1;
        }
        case 3 -> { // same size, new bytes, new mtime
          Trees.write(f, random, (int) Files.size(f), tick());
          return 1;
        }
        case 4 -> {
          Trees.write(f, random, random.nextInt(7000), tick());
          return 1;
        }
        case 5 -> { // chmod (mtime unchanged)
          Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(f));
          if (!perms.remove(PosixFilePermission.GROUP_WRITE)) {
            perms.add(PosixFilePermission.GROUP_WRITE);
          }
          Files.setPosixFilePermissions(f, perms);
          return 1;
        }
        case 6 -> { // touch: mtime only
          Files.setLastModifiedTime(f, FileTime.fromMillis(tick() * 1000 + 456));
          return 1;
        }
        case 7 -> { // a directory goes
          List<Path> dirs = dirs();
          dirs.remove(dir);
          if (!dirs.isEmpty()) {
            Trees.delete(dirs.get(random.nextInt(dirs.size())));
          }
          return 0;
        }
        case 8 -> { // a directory renamed or moved (its files are new paths: read again)
          List<Path> dirs = dirs();
          dirs.remove(dir);
          if (dirs.isEmpty()) {
            return 0;
          }
          Path from = dirs.get(random.nextInt(dirs.size()));
          List<Path> targets = dirs();
          targets.removeIf(t -> t.startsWith(from));
          Path to = targets.get(random.nextInt(targets.size())).resolve("d" + serial++);
          int inside;
          try (Stream<Path> s = Files.walk(from)) {
            inside = (int) s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
          }
          Files.move(from, to);
          return inside;
        }
        case 9 -> { // a directory touched
          List<Path> dirs = dirs();
          Files.setLastModifiedTime(dirs.get(random.nextInt(dirs.size())), FileTime.fromMillis(tick() * 1000 + 789));
          return 0;
        }
        case 10 -> { // a directory chmod-ed
          List<Path> dirs = dirs();
          Path d = dirs.get(random.nextInt(dirs.size()));
          Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(d));
          if (!perms.remove(PosixFilePermission.OTHERS_READ)) {
            perms.add(PosixFilePermission.OTHERS_READ);
          }
          Files.setPosixFilePermissions(d, perms);
          return 0;
        }
        default -> { // a file becomes a directory holding a file
          Files.delete(f);
          Trees.write(f.resolve("inside"), random, random.nextInt(3000), tick());
          return 1;
        }
      }
    }

    private List<Path> files() throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        return new ArrayList<>(s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList());
      }
    }

    private List<Path> dirs() throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        return new ArrayList<>(s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList());
      }
    }
  }
}
