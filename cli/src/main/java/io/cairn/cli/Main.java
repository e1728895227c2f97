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
  /**
   * The subcommands, in help order. A command line naming one first gets only that one's model:
   * picocli builds a command's model by reflection, and its own classes (Java 5 bytecode) can
   * be neither archived by CDS nor verified fast, so every model built costs each start.
   */
  private static final List<Class<?>> COMMANDS = List.of(InitCommand.class, AddCommand.class, CatCommand.class,
      GetCommand.class, LsCommand.class, PinCommand.class, GcCommand.class, BlockCommand.class, DagCommand.class,
      RepoCommand.class, ConfigCommand.class, CarCommand.class, SyncCommand.class, KeyCommand.class,
      NameCommand.class, DaemonCommand.class, ClusterCommand.class, VersionCommand.class,
      CommandLine.HelpCommand.class);

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
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit code: 0 ok, 1 error, 2 usage error. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    Class<?> only = null;
    for (Class<?> c : COMMANDS) {
      if (args.length > 0 && c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
        only = c;
      }
    }
    for (Class<?> c : COMMANDS) {
      if (only == null || c == only) {
        cl.addSubcommand(c);
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
