package org.telemetrics.probd;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.daemon.DaemonCommandLine;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.Signals;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.log.Log;

/**
 * telemprobd: receives records from probes on a Unix socket, checks them, stamps the machine id and
 * hands them durably to telempostd. Options as in C: {@code -f/--config_file}, {@code -h/--help},
 * {@code -V/--version}; and {@code --recover} ({@link RecoverRun}).
 */
public final class Telemprobd {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: telemprobd [OPTIONS]",
          "  -f,  --config_file    Configuration file. This overrides the other parameters",
          "       --recover        Stage the records a crash left in the spool's tmp/, then exit",
          "  -h,  --help           Display this help message",
          "  -V,  --version        Print the program version",
          "");

  private static final String RECOVER = "--recover";

  private Telemprobd() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Log log = Log.stderr("telemprobd");
    DaemonCommandLine.Outcome line =
        DaemonCommandLine.parse("telemprobd", USAGE, args, Set.of(RECOVER), System.out, System.err);
    if (line.exitStatus().isPresent()) {
      return line.exitStatus().getAsInt();
    }
    Optional<Path> explicit = line.configFile();
    TelemetryConfig config;
    try {
      config = ConfigLoader.load(explicit);
    } catch (ConfigException e) {
      e.messages().forEach(log::error); // the lines telemctl config check prints
      return 1;
    }
    TimeSource time = TimeSource.system();
    if (line.flags().contains(RECOVER)) {
      return RecoverRun.run(config.layout(), time, log, System.getProperty("user.name"));
    }
    SdNotify notify = SdNotify.fromEnvironment();
    ProbeDaemon daemon =
        new ProbeDaemon(
            () -> ConfigLoader.load(explicit),
            config,
            log,
            notify,
            Watchdog.fromEnvironment(notify, time.monotonic()),
            time,
            RecordIds.fromKernel());
    Signals.on("TERM", () -> daemon.stop("SIGTERM"));
    Signals.on("INT", () -> daemon.stop("SIGINT"));
    Signals.on("HUP", daemon::reload);
    return daemon.run();
  }
}
