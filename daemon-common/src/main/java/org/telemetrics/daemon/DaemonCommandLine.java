package org.telemetrics.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.telemetrics.Version;

/**
 * The command line both daemons take, the C daemons' one: {@code -f FILE}, {@code --config_file
 * FILE} or {@code --config_file=FILE}, {@code -h}/{@code --help} and {@code -V}/{@code --version},
 * walked in order, and the flags a program adds (telemprobd's {@code --recover}); anything else is
 * a usage error (exit 2).
 */
public final class DaemonCommandLine {
  /**
   * Run with this configuration file (none: the default one) and these of the program's flags, or
   * exit now with a status.
   */
  public record Outcome(Optional<Path> configFile, Set<String> flags, OptionalInt exitStatus) {
    public Outcome {
      flags = Set.copyOf(flags);
    }
  }

  private static final String CONFIG_FILE_EQ = "--config_file=";

  private DaemonCommandLine() {}

  /**
   * Parses {@code args} for {@code program}; help ({@code help} printed as is), the version and
   * usage errors are written on {@code out} or {@code err} here and end with an exit status.
   */
  public static Outcome parse(
      String program, String help, String[] args, PrintStream out, PrintStream err) {
    return parse(program, help, args, Set.of(), out, err);
  }

  /**
   * As {@link #parse(String, String, String[], PrintStream, PrintStream)}, also taking {@code
   * known}.
   */
  public static Outcome parse(
      String program,
      String help,
      String[] args,
      Set<String> known,
      PrintStream out,
      PrintStream err) {
    Optional<Path> configFile = Optional.empty();
    Set<String> flags = new HashSet<>();
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
          if (known.contains(arg)) {
            flags.add(arg);
          } else if (arg.startsWith(CONFIG_FILE_EQ)) {
            configFile = Optional.of(Path.of(arg.substring(CONFIG_FILE_EQ.length())));
          } else if (arg.startsWith("-")) {
            return usageError(program, "unrecognized option '" + arg + "'", err);
          } else {
            return usageError(program, "unexpected argument '" + arg + "'", err);
          }
        }
      }
    }
    return new Outcome(configFile, flags, OptionalInt.empty());
  }

  private static Outcome usageError(String program, String problem, PrintStream err) {
    err.println(program + ": " + problem);
    err.println("Try '" + program + " --help' for more information.");
    return exit(2);
  }

  private static Outcome exit(int status) {
    return new Outcome(Optional.empty(), Set.of(), OptionalInt.of(status));
  }
}
