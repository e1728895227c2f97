package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddCommandTest {
  @TempDir
  Path tmp;

  private Path tree() throws Exception {
    Path d = tmp.resolve("top");
    Files.createDirectories(d.resolve("b/inner"));
    Files.createDirectories(d.resolve("a"));
    Files.writeString(d.resolve("z.txt"), "z");
    Files.writeString(d.resolve("a/1.txt"), "1");
    Files.writeString(d.resolve("b/inner/2.txt"), "2");
    Files.writeString(d.resolve(".hidden"), "h");
    Files.createSymbolicLink(d.resolve("link"), Path.of("z.txt"));
    return d;
  }

  @Test
  void printsFilesThenDirectoriesPostOrderLikeKubo() throws Exception {
    Path d = tree();
    Cli.Result r = Cli.run("add", "-n", "-r", d.toString());
    assertEquals(0, r.exit(), r.err());
    List<String> names = r.out().lines().map(l -> l.split(" ", 3)[2]).toList();
    assertEquals(List.of("top/a/1.txt", "top/b/inner/2.txt", "top/link", "top/z.txt",
        "top/a", "top/b/inner", "top/b", "top"), names);
    assertTrue(r.out().lines().allMatch(l -> l.startsWith("added Qm")));
  }

  @Test
  void hiddenFilesOnlyWithHidden() throws Exception {
    Path d = tree();
    String without = Cli.run("add", "-n", "-r", d.toString()).out();
    String with = Cli.run("add", "-n", "-r", "--hidden", d.toString()).out();
    assertTrue(!without.contains(".hidden") && with.contains("top/.hidden"));
  }

  @Test
  void quietAndQuieter() throws Exception {
    Path d = tree();
    List<String> all = Cli.run("add", "-n", "-r", d.toString()).out().lines().toList();
    List<String> quiet = Cli.run("add", "-n", "-r", "-q", d.toString()).out().lines().toList();
    String quieter = Cli.run("add", "-n", "-r", "-Q", d.toString()).out().trim();
    assertEquals(all.size(), quiet.size());
    assertEquals(all.get(all.size() - 1).split(" ")[1], quieter);
    assertEquals(quieter, quiet.get(quiet.size() - 1));
  }

  @Test
  void wrapPrintsTheWrapperLastWithAnEmptyName() throws Exception {
    Path f = Files.writeString(tmp.resolve("b.txt"), "b");
    Path g = Files.writeString(tmp.resolve("a.txt"), "a");
    List<String> lines = Cli.run("add", "-n", "-w", f.toString(), g.toString()).out().lines().toList();
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).endsWith(" a.txt"), "arguments are sorted by name: " + lines);
    assertTrue(lines.get(2).matches("added Qm\\w+ "), lines.get(2));
  }

  @Test
  void errorsSayWhatToDo() throws Exception {
    Path d = tree();
    Cli.Result dir = Cli.run("add", "-n", d.toString());
    assertEquals(1, dir.exit());
    assertTrue(dir.err().contains("use the '-r' flag"), dir.err());
    Cli.Result missing = Cli.run("add", "-n", tmp.resolve("nope").toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("no such file"), missing.err());
    Cli.Result chunker = Cli.run("add", "-n", "--chunker=rabin", d.resolve("z.txt").toString());
    assertEquals(1, chunker.exit());
    assertTrue(chunker.err().contains("size-N"), chunker.err());
    Cli.Result raw = Cli.run("add", "-n", "--raw-leaves", "--preserve-mode", d.resolve("z.txt").toString());
    assertEquals(1, raw.exit());
    assertTrue(raw.err().contains("raw leaves cannot be used"), raw.err());
    Cli.Result usage = Cli.run("add", "--bogus");
    assertEquals(2, usage.exit());
  }

  @Test
  void preservedMetadataChangesTheCid() throws Exception {
    Path f = Files.writeString(tmp.resolve("m.txt"), "m");
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
    String plain = Cli.run("add", "-n", "-Q", f.toString()).out().trim();
    String mtime = Cli.run("add", "-n", "-Q", "--preserve-mtime", f.toString()).out().trim();
    String mode = Cli.run("add", "-n", "-Q", "--preserve-mode", f.toString()).out().trim();
    assertTrue(!plain.equals(mtime) && !plain.equals(mode) && !mode.equals(mtime));
  }
}
