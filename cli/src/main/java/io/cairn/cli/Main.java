package io.cairn.cli;

import io.cairn.codec.MalformedDataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code cairn} command line: Kubo's command names and flags where Kubo has them. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Content-addressed storage and distribution speaking IPFS formats.")
public final class Main {
  /** A subcommand: its name (as in its {@code @Command}; a test checks they agree) and its class. */
  record Sub(String name, Class<?> type) {}

  /**
   * The subcommands, in help order. A command line naming one first gets only that one's model:
   * picocli builds a command's model by reflection on its annotations, so every model built
   * costs each start. The names are written here so that finding the one asked for reads no
   * annotations.
   */
  static final List<Sub> COMMANDS = List.of(new Sub("init", InitCommand.class), new Sub("add", AddCommand.class),
      new Sub("cat", CatCommand.class), new Sub("get", GetCommand.class), new Sub("ls", LsCommand.class),
      new Sub("pin", PinCommand.class), new Sub("gc", GcCommand.class), new Sub("block", BlockCommand.class),
      new Sub("dag", DagCommand.class), new Sub("repo", RepoCommand.class), new Sub("config", ConfigCommand.class),
      new Sub("car", CarCommand.class), new Sub("sync", SyncCommand.class), new Sub("key", KeyCommand.class),
      new Sub("name", NameCommand.class), new Sub("daemon", DaemonCommand.class),
      new Sub("cluster", ClusterCommand.class), new Sub("version", VersionCommand.class),
      new Sub("help", CommandLine.HelpCommand.class));

  /**
   * Kubo's global {@code --offline}: a command sent to a running daemon reads local blocks only,
   * and a daemon started with it never fetches.
   */
  static final String OFFLINE = "--offline";

  @Option(names = OFFLINE, scope = CommandLine.ScopeType.INHERIT,
      description = "Fetch nothing from peers or gateways: commands sent to a running daemon, and the daemon "
          + "itself (cairn daemon --offline), use only the blocks it holds.")
  boolean offline;

  private Main() {}

  public static void main(String[] args) {
    // picocli's default factory looks for Groovy's Closure class unless told not to: a class
    // that is not there is looked for in every jar on the class path, ~55 jars opened and their
    // directories read at each start (measured 40–140 ms).
    System.setProperty("picocli.disable.closures", "true");
    // SLF4J finds its provider (Jetty's logging) through a service file, which means reading every
    // jar's directory; named here, it is loaded directly.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.eclipse.jetty.logging.JettyLoggingServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN"); // else it says so on stderr
    }
    int code = run(args);
    System.out.flush();
    System.err.flush();
    if (Boolean.getBoolean("cairn.exit.hooks")) {
      System.exit(code);
    }
    // System.exit asks the platform logger whether to log the exit, and finding that logger
    // looks for a service file in every jar on the class path (~55 opened, 40–90 ms). Every
    // resource a command opens is closed before run returns and Cairn registers no shutdown
    // hooks, so halting loses nothing. A JFR recording of the CLI is dumped by a hook: profile
    // with -Dcairn.exit.hooks=true.
    Runtime.getRuntime().halt(code);
  }

  /** Runs a command line and returns the exit code: 0 ok, 1 error, 2 usage error. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    Sub only = null;
    for (Sub c : COMMANDS) {
      if (args.length > 0 && c.type() != CommandLine.HelpCommand.class && c.name().equals(args[0])) {
        only = c;
      }
    }
    for (Sub c : COMMANDS) {
      if (only == null || c == only) {
        cl.addSubcommand(c.type());
      }
    }
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setExecutionStrategy(Remote::execute); // through a running daemon's API when there is one
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("Error: " + ex.getMessage());
      err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return 2;
    });
    return cl.execute(args);
  }

  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println("Error: " + describe(ex));
    if (System.getenv("CAIRN_DEBUG") != null) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  static String describe(Throwable ex) {
    if (ex instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    } else if (ex instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    } else if (ex instanceof io.cairn.codec.BlockNotFoundException e) {
      return e.getMessage() + " (only local blocks can be read: add or import the data first)";
    } else if (ex instanceof MalformedDataException e) {
      return e.getMessage();
    } else if (ex instanceof UserException e) {
      return e.getMessage();
    } else if (ex instanceof IOException e) {
      return (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
    return ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "")
        + " (this is a bug in Cairn; rerun with CAIRN_DEBUG=1 for a stack trace)";
  }
}
