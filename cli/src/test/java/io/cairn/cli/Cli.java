package io.cairn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it prints. */
final class Cli {
  record Result(int exit, String out, String err, byte[] outBytes) {}

  private Cli() {}

  /** Runs a command that must succeed (exit 0, else the test fails with its stderr) and returns its stdout. */
  static String ok(String... args) {
    Result r = run(args);
    org.junit.jupiter.api.Assertions.assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
    return r.out();
  }

  static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
