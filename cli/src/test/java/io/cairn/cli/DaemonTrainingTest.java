package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's AOT-cache training (bin/cairn runs it under {@code -XX:AOTCacheOutput} on JDK 25+)
 * really has B fetch from A: a training that failed part-way would only leave a cache without
 * the fetch path's profiles, which nothing else would notice.
 */
class DaemonTrainingTest {
  @TempDir
  Path dir;

  @Test
  void nodeBFetchesTheTrainingFilesFromNodeA() throws Exception {
    DaemonTraining.train(dir);
    Path got = dir.resolve("got-big");
    assertEquals(DaemonTraining.FILE_BYTES, Files.size(got));
    assertEquals(-1, Files.mismatch(dir.resolve("big.bin"), got), "B wrote other bytes than A added");
    assertEquals("training", Files.readString(dir.resolve("got-tree/b.txt")));
    assertEquals(-1, Files.mismatch(dir.resolve("src/d/a.bin"), dir.resolve("got-tree/d/a.bin")));
  }
}
