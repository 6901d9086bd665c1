package org.telemetrics.probd;

import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.Version;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.Signals;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.record.Ids;

/**
 * telemprobd: receives records from probes on a Unix socket, checks them, stamps the machine id
 * and hands them durably to telempostd. Options as in C: {@code -f/--config_file},
 * {@code -h/--help}, {@code -V/--version}.
 */
public final class Telemprobd {
  static final String USAGE = String.join("\n",
      "Usage: telemprobd [OPTIONS]",
      "  -f,  --config_file    Configuration file. This overrides the other parameters",
      "  -h,  --help           Display this help message",
      "  -V,  --version        Print the program version",
      "");

  private Telemprobd() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Log log = Log.stderr("telemprobd");
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return 0;
        }
        case "-V", "--version" -> {
          System.out.println(Version.line("telemprobd"));
          return 0;
        }
        case "-f", "--config_file" -> {
          if (i + 1 >= args.length) {
            return usageError("option '" + arg + "' requires an argument");
          }
          configFile = Optional.of(Path.of(args[++i]));
        }
        default -> {
          if (arg.startsWith("--config_file=")) {
            configFile = Optional.of(Path.of(arg.substring("--config_file=".length())));
          } else if (arg.startsWith("-")) {
            return usageError("unrecognized option '" + arg + "'");
          } else {
            return usageError("unexpected argument '" + arg + "'");
          }
        }
      }
    }
    Optional<Path> explicit = configFile;
    TelemetryConfig config;
    try {
      config = ConfigLoader.load(explicit);
    } catch (ConfigException e) {
      e.messages().forEach(log::error); // the lines telemctl config check prints
      return 1;
    }
    SdNotify notify = SdNotify.fromEnvironment();
    TimeSource time = TimeSource.system();
    ProbeDaemon daemon = new ProbeDaemon(() -> ConfigLoader.load(explicit), config, log,
        notify, Watchdog.fromEnvironment(notify, time.monotonic()), time, Ids::random128);
    Signals.on("TERM", () -> daemon.stop("SIGTERM"));
    Signals.on("INT", () -> daemon.stop("SIGINT"));
    Signals.on("HUP", daemon::reload);
    return daemon.run();
  }

  /** A command line it cannot understand: what is wrong and where to look; exit status 2. */
  private static int usageError(String problem) {
    System.err.println("telemprobd: " + problem);
    System.err.println("Try 'telemprobd --help' for more information.");
    return 2;
  }
}
