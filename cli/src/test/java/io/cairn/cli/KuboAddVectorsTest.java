package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kubo's own `ipfs add` results (../shared/vectors/kubo-add/expected.tsv) reproduced by
 * `cairn add -n -Q`. The shared copy stores the sharness symlinks as plain files holding
 * their target; they are turned back into symlinks here, as Kubo's tests create them.
 */
class KuboAddVectorsTest {
  static final Path VECTORS = Path.of("..", "..", "shared", "vectors", "kubo-add").toAbsolutePath().normalize();
  /** Files that are symlinks in Kubo's test tree (t0040/t0044: files/bar/baz, files/bad). */
  static final List<String> SYMLINKS = List.of("files/bar/baz", "files/bad");

  @TempDir
  static Path tree;

  @BeforeAll
  static void copyVectors() throws IOException {
    assertTrue(Files.isDirectory(VECTORS), "the shared vectors must be beside the repository: " + VECTORS);
    try (Stream<Path> all = Files.walk(VECTORS)) {
      for (Path p : all.toList()) {
        Path rel = VECTORS.relativize(p);
        Path dst = tree.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else if (SYMLINKS.contains(rel.toString())) {
          String target = Files.readString(p);
          Files.createSymbolicLink(dst, Path.of(target));
        } else {
          Files.copy(p, dst);
        }
      }
    }
    try (OutputStream out = Files.newOutputStream(tree.resolve("zeros45900000"))) {
      byte[] zeros = new byte[1 << 20];
      long left = 45_900_000;
      while (left > 0) {
        int n = (int) Math.min(left, zeros.length);
        out.write(zeros, 0, n);
        left -= n;
      }
    }
  }

  record Vector(String cid, String path, List<String> flags) {
    @Override
    public String toString() {
      return path + " " + String.join(" ", flags);
    }
  }

  static List<Vector> vectors() throws IOException {
    List<Vector> out = new ArrayList<>();
    for (String line : Files.readAllLines(VECTORS.resolve("expected.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      String path = cols[1].split(" ")[0];
      String flagText = cols.length > 2 ? cols[2].trim() : "";
      List<String> flags = new ArrayList<>();
      if (flagText.startsWith("(HAMT threshold forced to 1 byte")) {
        flags.add("--hamt-threshold=1");
      } else if (!flagText.isEmpty()) {
        flags.addAll(Arrays.asList(flagText.split(" ")));
      }
      out.add(new Vector(cols[0], path, flags));
    }
    assertTrue(out.size() >= 20, "expected.tsv lists the vectors");
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void addGivesKubosCid(Vector v) {
    List<String> args = new ArrayList<>(List.of("add", "-n", "-Q", "-r"));
    args.addAll(v.flags());
    args.add(tree.resolve(v.path()).toString());
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    assertEquals(v.cid(), r.out().trim());
  }
}
