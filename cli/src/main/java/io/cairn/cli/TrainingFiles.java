package io.cairn.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The throw-away files the start-up training runs ({@link Training}, {@link ClientTraining},
 * {@link DaemonTraining}) work on, and how they run commands quietly.
 */
final class TrainingFiles {
  private TrainingFiles() {}

  /** Steps of a training, given what the commands they run print to standard output. */
  interface Steps {
    void run(ByteArrayOutputStream printed) throws Exception;
  }

  /**
   * Runs {@code steps} with standard output going to a buffer they can read and standard error
   * to nothing; restores both, and clears {@code cairn.path}, afterwards.
   */
  static void quietly(Steps steps) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(printed));
      System.setErr(new PrintStream(OutputStream.nullOutputStream()));
      steps.run(printed);
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.clearProperty("cairn.path");
    }
  }

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
