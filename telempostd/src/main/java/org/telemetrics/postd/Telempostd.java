package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.daemon.DaemonCommandLine;
import org.telemetrics.daemon.InstanceLock;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.postd.delivery.ClientWarmup;
import org.telemetrics.postd.spool.DiskSpace;
import org.telemetrics.postd.spool.DiskWrites;
import org.telemetrics.spool.disk.SpoolDirectories;

/** {@code telempostd [-f config] [-h] [-V]}: delivers staged records to the backend. */
public final class Telempostd {
  /** One telempostd per spool ({@link InstanceLock}): the lock file in {@code spool_dir}. */
  static final String LOCK_FILE = ".telempostd.lock";

  private Telempostd() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Log log = Log.stderr("telempostd");
    DaemonCommandLine.Outcome line =
        DaemonCommandLine.parse("telempostd", HELP, args, System.out, System.err);
    if (line.exitStatus().isPresent()) {
      return line.exitStatus().getAsInt();
    }
    Optional<Path> configFile = line.configFile();
    PostdSettings settings;
    try {
      TelemetryConfig config = ConfigLoader.load(configFile);
      settings = PostdSettings.from(config);
      settings.usage().checkAtStart(config);
      settings.usage().startWarning().ifPresent(log::warning);
    } catch (ConfigException e) {
      e.messages().forEach(log::error); // the lines telemctl config check prints
      return 1;
    } catch (IllegalArgumentException e) {
      log.error("configuration: " + e.getMessage());
      return 1;
    }
    AtomicBoolean stop = new AtomicBoolean();
    stopOnSignals(stop, log);
    if (!awaitWritable(settings, stop, log)) {
      return 0;
    }
    InstanceLock.Outcome instance =
        InstanceLock.take(settings.layout().spoolDir().resolve(LOCK_FILE));
    if (instance instanceof InstanceLock.Busy busy) {
      log.error(busyMessage(busy));
      return 1;
    }
    if (instance instanceof InstanceLock.Unavailable unavailable) {
      log.warning(
          unavailable.reason() + "; starting without the guard against a second telempostd");
    }
    try {
      return runDaemon(settings, stop, log);
    } finally {
      if (instance instanceof InstanceLock.Held held) {
        held.lock().close();
      }
    }
  }

  /** The message of a start refused for {@code busy}, naming what to look at. */
  private static String busyMessage(InstanceLock.Busy busy) {
    return "another telempostd is running on "
        + busy.file().getParent()
        + " (it holds "
        + busy.file().getFileName()
        + "): not started, so that no record is sent twice;"
        + " stop it first (systemctl stop telempostd.service, or the one started by hand)";
  }

  /**
   * SIGTERM and SIGINT set {@code stop}, so the daemon exits 0 (a JVM killed by the signal exits
   * 143, which systemd counts as a failure).
   */
  private static void stopOnSignals(AtomicBoolean stop, Log log) {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stop.set(true));
      }
      // until the daemon is built, a SIGHUP (logrotate) must not end the process
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> log.info("SIGHUP ignored"));
    } catch (IllegalArgumentException e) {
      log.debug("signal handlers not installed: " + e.getMessage());
    }
  }

  /** See {@link WritableDirectories}; false when stopped while waiting. */
  private static boolean awaitWritable(PostdSettings settings, AtomicBoolean stop, Log log) {
    SdNotify notify = SdNotify.fromEnvironment();
    WritableDirectories dirs =
        new WritableDirectories(
            List.of(
                settings.layout().spoolDir(),
                settings.layout().queueDir(),
                settings.layout().journalFile().getParent()),
            () -> setAsideWhatIsNoDirectory(settings.layout(), log),
            log,
            notify,
            Watchdog.fromEnvironment(notify, Ticker.system()),
            WritableDirectories.CHECK_MILLIS);
    try {
      return dirs.await(stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** See {@link SpoolDirectories}; what fails here, the check that follows names. */
  private static void setAsideWhatIsNoDirectory(Layout layout, Log log) {
    try {
      Directories.ensure(layout.spoolDir());
      SpoolDirectories.prepareAll(layout.spoolDir(), Clock.systemUTC().instant())
          .forEach(log::warning);
    } catch (IOException e) {
      log.debug("working directories: " + FileErrors.describe(e));
    }
  }

  private static int runDaemon(PostdSettings settings, AtomicBoolean stop, Log log) {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ClientWarmup.start(settings, Clock.systemUTC(), log);
    try (PostDaemon daemon =
        new PostDaemon(
            settings,
            log,
            TimeSource.system(),
            DiskSpace.system(),
            DiskWrites.system(),
            new SplittableRandom())) {
      onHangUp(log, daemon);
      return daemon.run(stop);
    } catch (Exception e) {
      log.error("fatal: " + FileErrors.describeAny(e));
      return 1;
    } finally {
      done.countDown();
    }
  }

  /** SIGHUP opens the usage log again (logrotate); otherwise it is ignored, as in C. */
  private static void onHangUp(Log log, PostDaemon daemon) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"),
          sig -> {
            log.info("SIGHUP: opening the usage log again");
            daemon.reopenUsageLog();
          });
    } catch (IllegalArgumentException e) {
      log.debug("SIGHUP handler not installed: " + e.getMessage());
    }
  }

  static final String HELP =
      """
      Usage: telempostd [OPTIONS]
        -f, --config_file FILE  Use FILE as the configuration file
        -h, --help              Show this help and exit
        -V, --version           Show the version and exit
      """;
}
