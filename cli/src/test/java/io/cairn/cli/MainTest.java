package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The command table that lets a start build only the model of the command asked for. */
class MainTest {
  @Test
  void everyNameIsTheOneItsCommandDeclares() {
    for (Main.Sub c : Main.COMMANDS) {
      assertEquals(c.type().getAnnotation(Command.class).name(), c.name(), c.type().getName());
    }
  }

  @Test
  void helpListsEveryCommandAndACommandLineBuildsOnlyItsOwn() {
    String help = Cli.run("--help").out();
    for (Main.Sub c : Main.COMMANDS) {
      assertTrue(help.contains("\n  " + c.name() + " "), c.name() + " missing from:\n" + help);
    }
    Cli.Result version = Cli.run("version");
    assertEquals(0, version.exit(), version.err());
    assertTrue(version.out().startsWith("cairn version "), version.out());
    Cli.Result wrong = Cli.run("version", "--nope");
    assertEquals(2, wrong.exit());
    assertTrue(wrong.err().contains("Unknown option: '--nope'"), wrong.err());
  }
}
