package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import io.cairn.store.DagWalk;
import io.cairn.store.Pin;
import io.cairn.store.PinMode;
import io.cairn.store.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child process with SIGKILL at random moments while it adds a tree (or collects
 * garbage), then checks that the repository opens, every stored block matches its hash and
 * every pin's DAG is complete. 50 rounds by default; {@code -Dcairn.crash.rounds=500} (or
 * {@code CAIRN_CRASH_ROUNDS=500 bin/test}) for the long run.
 */
class CrashTest {
  @TempDir
  Path tmp;

  @Test
  void sigkillAtAnyMomentLeavesAValidRepository() throws Exception {
    int rounds = Integer.getInteger("cairn.crash.rounds", 50);
    Path repo = tmp.resolve("repo");
    Path tree = makeTree(tmp.resolve("tree"));
    run(repo, List.of("init"), -1);
    // One uninterrupted add gives the length of the window to kill in (start-up included).
    long start = System.nanoTime();
    run(repo, List.of("add", "-Q", "-r", tree.toString()), -1);
    long window = Math.max(300, (System.nanoTime() - start) / 1_000_000);
    check(repo, -1);
    Random rnd = new Random(20261121);
    int killed = 0;
    int completed = 0;
    for (int round = 0; round < rounds; round++) {
      List<String> args = round % 7 == 6 ? List.of("gc", "-q")
          : List.of("add", "-Q", "-r", "--chunker=size-" + (16384 << (round % 3)), "--pin-name", "round-" + round,
              tree.toString());
      boolean wasKilled = run(repo, args, 50 + rnd.nextLong(window));
      if (wasKilled) {
        killed++;
      } else {
        completed++;
      }
      check(repo, round);
    }
    assertTrue(killed >= rounds / 3, "most rounds should be killed mid-way, got " + killed + " kills");
    System.out.println("crash test: " + rounds + " rounds, " + killed + " killed, " + completed + " completed; repo valid after each");
  }

  /** Runs the CLI in a child JVM; kills it after {@code killAfterMillis} (if >= 0). Returns whether it was killed. */
  static boolean run(Path repo, List<String> args, long killAfterMillis) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Dcairn.path=" + repo);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (killAfterMillis >= 0 && !p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
      return true;
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish: " + args);
    assertEquals(0, p.exitValue(), "child failed: " + args);
    return false;
  }

  private static void check(Path dir, int round) throws IOException {
    try (Repo repo = Repo.open(dir, "crash test check")) {
      List<Multihash> keys = new ArrayList<>();
      repo.store().forEachKey(keys::add);
      for (Multihash mh : keys) {
        repo.store().get(Cid.v1(Multicodec.RAW, mh)); // throws if the bytes do not match the hash
      }
      for (Pin pin : repo.store().pins()) {
        if (pin.mode() == PinMode.RECURSIVE) {
          DagWalk.Result r = DagWalk.walk(repo.store(), pin.cid(), new HashSet<>());
          assertTrue(r.complete(), "round " + round + ": pin " + pin.cid() + " lacks " + r.missing());
        }
      }
    }
  }

  /** About 400 files, 40 MB, in nested directories. */
  private static Path makeTree(Path root) throws IOException {
    Random r = new Random(7);
    for (int d = 0; d < 20; d++) {
      Path dir = root.resolve("dir-" + d).resolve("sub-" + (d % 3));
      Files.createDirectories(dir);
      for (int f = 0; f < 20; f++) {
        byte[] data = new byte[r.nextInt(f % 10 == 0 ? 1_000_000 : 150_000)];
        r.nextBytes(data);
        Files.write(dir.resolve("file-" + f + ".bin"), data);
      }
    }
    return root;
  }

}
