package org.telemetrics.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.telemetrics.Version;

/**
 * The command line both daemons take, the C daemons' one: {@code -f FILE}, {@code --config_file
 * FILE} or {@code --config_file=FILE}, {@code -h}/{@code --help} and {@code -V}/{@code --version},
 * walked in order; anything else is a usage error (exit 2).
 */
public final class DaemonCommandLine {
  /** Run with this configuration file (none: the default one), or exit now with a status. */
  public record Outcome(Optional<Path> configFile, OptionalInt exitStatus) {}

  private static final String CONFIG_FILE_EQ = "--config_file=";

  private DaemonCommandLine() {}

  /**
   * Parses {@code args} for {@code program}; help ({@code help} printed as is), the version and
   * usage errors are written on {@code out} or {@code err} here and end with an exit status.
   */
  public static Outcome parse(
      String program, String help, String[] args, PrintStream out, PrintStream err) {
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> {
          out.print(help);
          return exit(0);
        }
        case "-V", "--version" -> {
          out.println(Version.line(program));
          return exit(0);
        }
        case "-f", "--config_file" -> {
          if (i + 1 >= args.length) {
            return usageError(program, "option '" + arg + "' requires an argument", err);
          }
          configFile = Optional.of(Path.of(args[++i]));
        }
        default -> {
          if (arg.startsWith(CONFIG_FILE_EQ)) {
            configFile = Optional.of(Path.of(arg.substring(CONFIG_FILE_EQ.length())));
          } else if (arg.startsWith("-")) {
            return usageError(program, "unrecognized option '" + arg + "'", err);
          } else {
            return usageError(program, "unexpected argument '" + arg + "'", err);
          }
        }
      }
    }
    return new Outcome(configFile, OptionalInt.empty());
  }

  private static Outcome usageError(String program, String problem, PrintStream err) {
    err.println(program + ": " + problem);
    err.println("Try '" + program + " --help' for more information.");
    return exit(2);
  }

  private static Outcome exit(int status) {
    return new Outcome(Optional.empty(), OptionalInt.of(status));
  }
}
