package io.cairn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** The throw-away files the start-up training runs ({@link Training}, {@link ClientTraining}) work on. */
final class TrainingFiles {
  private TrainingFiles() {}

  /** A small tree to add and sync: {@code src/d/a.bin} (600 kB, several blocks) and {@code src/b.txt}. */
  static Path sampleTree(Path dir) throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("d"));
    byte[] data = new byte[600_000];
    new Random(1).nextBytes(data);
    Files.write(src.resolve("d/a.bin"), data);
    Files.writeString(src.resolve("b.txt"), "training");
    return src;
  }

  /** Removes {@code dir} and everything under it, as far as it can. */
  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException ignored) {
          // a temp file left behind
        }
      });
    }
  }
}
