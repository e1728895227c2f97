package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.BlockSink;
import io.cairn.codec.Cid;
import io.cairn.server.node.TreeAdder;
import io.cairn.server.sync.Sync;
import io.cairn.server.sync.TreeRecord;
import io.cairn.store.DagWalk;
import io.cairn.store.Repo;
import io.cairn.unixfs.ImportOptions;
import io.cairn.unixfs.UnixfsImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child {@code cairn sync} at random moments after edits to the tree: whether it
 * was killed or finished, the name's latest version must be pinned with its whole DAG, and a
 * sync run to its end must give the root a full add gives. 4 rounds
 * ({@code -Dcairn.sync.crash.rounds=N} for more).
 */
class SyncCrashTest {
  @TempDir
  Path tmp;

  @Test
  void aKilledSyncLeavesThePreviousVersionAndTheNextOneCompletes() throws Exception {
    int rounds = Integer.getInteger("cairn.sync.crash.rounds", 4);
    Path repo = tmp.resolve("repo");
    Path tree = tmp.resolve("tree");
    Random random = new Random(20261121);
    for (int i = 0; i < 120; i++) {
      write(tree.resolve("d" + (i % 6) + "/f" + i), random, i % 20 == 0 ? 2_000_000 : 60_000);
    }
    CrashTest.run(repo, List.of("init"), -1);
    long start = System.nanoTime();
    CrashTest.run(repo, List.of("sync", tree.toString()), -1);
    long window = Math.max(300, (System.nanoTime() - start) / 1_000_000);
    Cid latest = check(repo, tree, true);
    int killed = 0;
    for (int round = 0; round < rounds; round++) {
      for (int e = 0; e < 10; e++) { // a tenth of the files change, some of them large
        int i = random.nextInt(120);
        write(tree.resolve("d" + (i % 6) + "/f" + i), random, random.nextInt(4) == 0 ? 2_000_000 : 60_000);
      }
      boolean wasKilled = CrashTest.run(repo, List.of("sync", tree.toString()), 50 + random.nextLong(window));
      killed += wasKilled ? 1 : 0;
      Cid now = check(repo, tree, !wasKilled);
      if (wasKilled) {
        assertTrue(now.equals(latest) || now.equals(fullAdd(tree)), "a killed sync leaves the old version or the new one");
      }
      CrashTest.run(repo, List.of("sync", tree.toString()), -1);
      latest = check(repo, tree, true);
    }
    System.out.println("sync crash test: " + rounds + " rounds, " + killed + " killed; previous version intact each time");
  }

  private static void write(Path file, Random random, int size) throws IOException {
    byte[] b = new byte[size];
    random.nextBytes(b);
    Files.createDirectories(file.getParent());
    Files.write(file, b);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L + random.nextInt(1 << 30)));
  }

  /** The latest version's root, checked pinned with its whole DAG; with {@code current}, equal to a full add's root. */
  private static Cid check(Path dir, Path tree, boolean current) throws IOException {
    Cid root;
    try (Repo repo = Repo.open(dir, "sync crash test check")) {
      TreeRecord t = Sync.tree(repo.store(), "tree").orElseThrow();
      root = t.latest().root();
      assertEquals("tree", repo.store().pin(root).orElseThrow().name());
      DagWalk.Result r = DagWalk.walk(repo.store(), root, new HashSet<>());
      assertTrue(r.complete(), "version " + t.latest().number() + " lacks " + r.missing());
    }
    if (current) {
      assertEquals(fullAdd(tree), root);
    }
    return root;
  }

  private static Cid fullAdd(Path tree) throws IOException {
    try (UnixfsImporter importer = new UnixfsImporter(ImportOptions.defaults(), BlockSink.DISCARD)) {
      return new TreeAdder(importer, false, (p, n) -> {}).add(tree, "", true).node().cid();
    }
  }

}
