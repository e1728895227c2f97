package io.cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeRocksTest {
  @TempDir
  Path dir;

  @Test
  void theLibraryIsLoadedFromThePerMachineCopyNotExtractedPerProcess() throws Exception {
    try (Store s = RocksStore.open(dir.resolve("db"))) {
      Path from = NativeRocks.load();
      assertEquals(NativeRocks.cacheDir(), from,
          "loaded from the cache directory (rocksdbjni's own way leaves a 15 MB file in the temporary directory)");
      try (var files = Files.list(from)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".so")), "the copy is kept in " + from);
      }
      assertTrue(from.getFileName().toString().matches("rocksdbjni-[0-9]+-[0-9a-f]+"),
          "named after the library's size and CRC: " + from);
    }
  }
}
