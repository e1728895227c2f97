package io.cairn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code cairn version}. */
@Command(name = "version", description = "Show Cairn's version.")
final class VersionCommand implements Callable<Integer> {
  static final String VERSION = io.cairn.server.node.CairnVersion.VERSION;

  @Option(names = "--all", description = "Also show the Java runtime.")
  boolean all;

  @Override
  public Integer call() {
    System.out.println("cairn version " + VERSION);
    if (all) {
      System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }
    return 0;
  }

  /** For {@code cairn --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cairn version " + VERSION};
    }
  }
}
