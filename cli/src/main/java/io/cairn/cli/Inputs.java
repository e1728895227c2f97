package io.cairn.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line paths as Kubo treats them: named by base name, sorted, duplicates refused. */
final class Inputs {
  private Inputs() {}

  /** A path argument and the name it is added under. */
  record Arg(Path path, String name) {}

  static List<Arg> sortedArgs(List<Path> paths) {
    Map<String, Arg> byName = new LinkedHashMap<>();
    Set<Path> seen = new HashSet<>();
    for (Path p : paths) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new UserException(p + ": no such file or directory");
      }
      Path abs = p.toAbsolutePath().normalize();
      if (!seen.add(abs)) {
        continue; // the same path twice is added once
      }
      String name = baseName(abs);
      if (byName.containsKey(name)) {
        throw new UserException("two arguments have the same name '" + name + "' (" + byName.get(name).path() + " and "
            + p + "); add them separately or wrap them in directories");
      }
      byName.put(name, new Arg(p, name));
    }
    List<Arg> args = new ArrayList<>(byName.values());
    // Go's strings.Compare: bytewise on UTF-8, which differs from String.compareTo past the BMP.
    args.sort((a, b) -> Arrays.compareUnsigned(a.name().getBytes(StandardCharsets.UTF_8),
        b.name().getBytes(StandardCharsets.UTF_8)));
    return args;
  }

  static String baseName(Path abs) {
    Path fn = abs.getFileName();
    return fn == null ? "" : fn.toString();
  }
}
