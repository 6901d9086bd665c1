package org.telemetrics.metrics.exporter;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.telemetrics.Version;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.ListenAddress;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.log.Log;
import org.telemetrics.metrics.MetricsSources;
import org.telemetrics.metrics.PersistedMetrics;

/**
 * {@code telemetrics-metrics}: serves the metrics model on {@code metrics_listen} until SIGTERM. A
 * program of its own, not part of a daemon: the daemons exit when idle, the endpoint must not.
 */
public final class TelemetricsMetrics {
  static final String NAME = "telemetrics-metrics";

  /** A damaged status file is logged once, then again at most this often while it stays so. */
  static final Duration WARNING_INTERVAL = Duration.ofHours(1);

  private TelemetricsMetrics() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "shutdown"));
    System.exit(run(args, System.out, System.err, stop));
  }

  /** Serves until {@code stop} opens; 0 after a stop, 1 when it cannot serve, 2 for usage. */
  static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop)
      throws InterruptedException {
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-h", "--help" -> {
          out.println(
              "Usage: "
                  + NAME
                  + " [-f FILE]\n"
                  + "  -f, --config_file FILE  Use FILE as the configuration file\n"
                  + "  -h, --help              Show this help and exit\n"
                  + "  -V, --version           Show the version and exit");
          return 0;
        }
        case "-V", "--version" -> {
          out.println(Version.line(NAME));
          return 0;
        }
        case "-f", "--config_file" -> {
          if (i + 1 >= args.length) {
            return usage(err, "option '" + args[i] + "' requires an argument");
          }
          configFile = Optional.of(Path.of(args[++i]));
        }
        default -> {
          return usage(err, "unrecognized option '" + args[i] + "'");
        }
      }
    }
    Log log = Log.forStandardError(NAME, err, System.getenv());
    TelemetryConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigException e) {
      e.messages().forEach(log::error);
      return 1;
    }
    String listen = config.get(ConfigKeys.METRICS_LISTEN).strip();
    if (listen.isEmpty()) {
      log.info("metrics_listen is empty: the endpoint is off");
      return 0;
    }
    ListenAddress address = ListenAddress.parse(listen); // checked when the file was loaded
    PersistedMetrics source = new PersistedMetrics(MetricsSources.of(config), Clock.systemUTC());
    ThrottledWarnings warnings =
        new ThrottledWarnings(
            Clock.systemUTC(),
            WARNING_INTERVAL,
            m ->
                log.warning(
                    m + " (its metrics are left out; " + "telemetrics_status_file_readable is 0)"));
    ScrapeFailures.sendTo(
        new ThrottledWarnings(Clock.systemUTC(), WARNING_INTERVAL, log::warning)::warn);
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(address, source, warnings::warn)) {
      log.info(
          "serving http://"
              + address.address().getHostAddress()
              + ":"
              + endpoint.port()
              + "/metrics (metrics_listen)");
      stop.await();
      return 0;
    } catch (BindException e) {
      log.error("cannot listen on " + address + " (metrics_listen): " + e.getMessage());
      return 1;
    } catch (IOException e) {
      log.error("cannot serve on " + address + " (metrics_listen): " + e.getMessage());
      return 1;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println(NAME + ": " + problem);
    err.println("Try '" + NAME + " --help' for more information.");
    return 2;
  }
}
