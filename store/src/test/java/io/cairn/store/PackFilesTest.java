package io.cairn.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.codec.Block;
import io.cairn.codec.Multicodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Packs written around the page cache ({@code O_DIRECT}) and through it read back the same. */
class PackFilesTest {
  @TempDir
  Path dir;

  private final Random random = new Random(5);

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private record Written(PackFiles.Location at, byte[] data) {}

  private List<Written> append(PackFiles packs, int... sizes) throws Exception {
    List<Written> out = new ArrayList<>();
    for (int n : sizes) {
      byte[] d = bytes(n);
      out.add(new Written(packs.append(Block.create(1, Multicodec.RAW, d)), d));
    }
    return out;
  }

  private static void assertReadable(PackFiles packs, List<Written> written) throws Exception {
    for (Written w : written) {
      assertArrayEquals(w.data(), packs.read(w.at()), "block at " + w.at());
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {true, false})
  void blocksReadBackBeforeAndAfterSyncAndReopening(boolean direct) throws Exception {
    Path d = dir.resolve("packs");
    List<Written> all = new ArrayList<>();
    try (PackFiles packs = new PackFiles(d, direct)) {
      if (direct) {
        assumeTrue(packs.direct(), "this filesystem takes no O_DIRECT");
      } else {
        assertFalse(packs.direct());
      }
      // 3 MiB then 2 MiB: the second crosses the 4 MiB buffer, so it is read half from the
      // file and half from the buffer before any sync
      all.addAll(append(packs, 3 << 20, 2 << 20, 5000, 262_144));
      assertReadable(packs, all);
      packs.sync();
      assertReadable(packs, all);
      all.addAll(append(packs, 4097, 70_000));
      assertReadable(packs, all);
      packs.sync();
    }
    try (PackFiles packs = new PackFiles(d, direct)) {
      assertReadable(packs, all);
      all.addAll(append(packs, 9000));
      assertReadable(packs, all);
      packs.sync();
      assertReadable(packs, all);
    }
    try (PackFiles packs = new PackFiles(d, direct)) {
      assertReadable(packs, all);
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {true, false})
  void aRotatedPackIsWholeInItsFile(boolean direct) throws Exception {
    try (PackFiles packs = new PackFiles(dir, direct)) {
      List<Written> first = append(packs, 10_000, 20_000);
      packs.rotate();
      List<Written> second = append(packs, 30_000);
      assertEquals(1, first.get(0).at().pack());
      assertEquals(2, second.get(0).at().pack());
      assertReadable(packs, first); // read through the file alone: pack 1 is no longer current
      assertReadable(packs, second);
      packs.sync();
      assertReadable(packs, first);
      assertReadable(packs, second);
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {true, false})
  void anEmptiedPackStartsAgainAtZero(boolean direct) throws Exception {
    try (PackFiles packs = new PackFiles(dir, direct)) {
      append(packs, 10_000);
      packs.sync();
      packs.truncateCurrent();
      List<Written> again = append(packs, 6000);
      assertEquals(0, again.get(0).at().offset());
      assertReadable(packs, again);
      packs.sync();
      assertReadable(packs, again);
    }
  }

  @org.junit.jupiter.api.Test
  void directWritesPadToTheBlockSizeAndNeverRewriteAPage() throws Exception {
    Path d = dir.resolve("packs");
    long blockSize = Files.getFileStore(dir).getBlockSize();
    List<Written> all = new ArrayList<>();
    try (PackFiles packs = new PackFiles(d, true)) {
      assumeTrue(packs.direct(), "this filesystem takes no O_DIRECT");
      all.addAll(append(packs, 5000));
      packs.sync();
      long size = Files.size(d.resolve("000001.pack"));
      assertEquals(0, size % blockSize, "the file ends on a block boundary: " + size);
      assertTrue(size >= 5000 && size < 5000 + blockSize);
      all.addAll(append(packs, 5000));
      assertEquals(size, all.get(1).at().offset(), "the next block starts after the padding");
      packs.sync();
    }
    try (PackFiles packs = new PackFiles(d, true)) {
      assertReadable(packs, all);
    }
  }

  @org.junit.jupiter.api.Test
  void aPackWrittenThroughThePageCacheIsContinuedDirectlyAfterItsEnd() throws Exception {
    Path d = dir.resolve("packs");
    List<Written> all = new ArrayList<>();
    try (PackFiles packs = new PackFiles(d, false)) {
      all.addAll(append(packs, 5001));
      packs.sync();
    }
    long blockSize = Files.getFileStore(dir).getBlockSize();
    try (PackFiles packs = new PackFiles(d, true)) {
      assumeTrue(packs.direct(), "this filesystem takes no O_DIRECT");
      all.addAll(append(packs, 7000));
      long at = all.get(1).at().offset();
      assertEquals(0, at % blockSize, "direct appends start on a block boundary: " + at);
      assertTrue(at >= 5001);
      assertReadable(packs, all);
      packs.sync();
      assertReadable(packs, all);
    }
  }
}
