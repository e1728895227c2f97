package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A cluster peer's daemon gets two HotSpot files from {@code bin/cairn}: compiler directives
 * ({@code bin/lib/cluster-jit.json}: C2 for the data path only) and compile commands
 * ({@code bin/lib/cluster-jit.commands}: lower thresholds for everything else, the data path's
 * own kept). Both must name the same data path, or code would be kept from C2 and still wait for
 * C2's thresholds (or the reverse).
 */
class JitSettingsTest {
  private static final Path LIB = Path.of("..", "bin", "lib").toAbsolutePath().normalize();

  @Test
  void directivesAndCommandsNameTheSameDataPath() throws Exception {
    String json = Files.readString(LIB.resolve("cluster-jit.json")).replaceAll("(?s)/\\*.*?\\*/", "");
    Matcher block = Pattern.compile("(?s)match:\\s*\\[(.*?)\\]\\s*,\\s*c2:\\s*\\{\\s*Exclude:\\s*false").matcher(json);
    assertTrue(block.find(), "cluster-jit.json has a directive that lets C2 compile the data path");
    TreeSet<String> c2 = new TreeSet<>(quoted(block.group(1)));

    TreeSet<String> kept = new TreeSet<>();
    boolean lowersTheRest = false;
    for (String line : Files.readAllLines(LIB.resolve("cluster-jit.commands"))) {
      String[] f = line.strip().split(",");
      if (f.length == 3 && f[0].equals("CompileThresholdScaling")) {
        if (f[1].equals("*.*")) {
          lowersTheRest = Double.parseDouble(f[2]) < 1;
        } else if (Double.parseDouble(f[2]) == 1.0) {
          kept.add(f[1]);
        }
      }
    }
    assertTrue(lowersTheRest, "cluster-jit.commands lowers the thresholds of everything outside the data path");
    assertFalse(c2.isEmpty());
    assertEquals(c2, kept, "the data path of cluster-jit.json (C2) and of cluster-jit.commands (thresholds kept)");
  }

  private static List<String> quoted(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
