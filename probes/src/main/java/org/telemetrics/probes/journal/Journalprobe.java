package org.telemetrics.probes.journal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.probes.cli.DamagedPosition;
import org.telemetrics.probes.cli.GetOpt;
import org.telemetrics.probes.cli.GetOpt.Arg;
import org.telemetrics.probes.cli.GetOpt.Spec;
import org.telemetrics.probes.cli.ProbeCommandLine;
import org.telemetrics.probes.cli.ProbeRuntime;
import org.telemetrics.probes.oops.BoundedLineReader;

/**
 * journalprobe: reports services that failed (the journal's {@code EXIT_CODE=exited} entries of
 * this boot) as the C probe does, one record per entry, reading {@code journalctl -o json --follow}
 * from the stored cursor on.
 */
public final class Journalprobe {

  static final String HELP =
      """
      Usage: journalprobe [OPTIONS]
      Report the services that failed in this boot, from the systemd journal.

        -f, --config-file FILE  Use this configuration file
        -t, --tail              Without a stored position, start with new entries
                                (default: from the start of this boot)
        -i, --input FILE        Read entries in the journalctl -o json format from FILE
                                instead of running journalctl; stop at its end
        -j, --journalctl PROG   Run PROG instead of journalctl
        -s, --state FILE        Where to remember the position (default
                                journalprobe_cursor_file in telemetrics.conf,
                                /var/lib/telemetry/journalprobe/state)
        -V, --version           Print the version and exit
        -h, --help              Print this help and exit

      Exit status: 0 at the end of the input, 75 when telemprobd could not take a
      record (restart to send it again), 2 on a usage error, 1 on any other error.
      """;

  private static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "journalprobe",
          List.of(
              new Spec('f', "config-file", Arg.REQUIRED),
              new Spec('t', "tail", Arg.NONE),
              new Spec('i', "input", Arg.REQUIRED),
              new Spec('j', "journalctl", Arg.REQUIRED),
              new Spec('s', "state", Arg.REQUIRED),
              new Spec('h', "help", Arg.NONE),
              new Spec('V', "version", Arg.NONE)),
          HELP);

  /** How long a stop waits for the entry being sent (under systemd's 90 s stop timeout). */
  static final long STOP_WAIT_MILLIS = 20_000;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;
  private final Supplier<String> bootId;

  Journalprobe(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      Supplier<String> bootId) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = clock;
    this.bootId = bootId;
  }

  public static void main(String[] args) {
    TelemetryClient.prepareInBackground();
    System.exit(
        new Journalprobe(
                System.out,
                System.err,
                System.getenv(),
                Clock.systemUTC(),
                () -> NewestJournalEntry.bootId("journalctl").orElseGet(ProbeRuntime::kernelBootId))
            .run(Arrays.asList(args)));
  }

  int run(List<String> argv) {
    Optional<List<GetOpt.Option>> options = COMMAND_LINE.parse(argv, err);
    if (options.isEmpty()) {
      return ProbeRuntime.USAGE;
    }
    Optional<Path> configFile = Optional.empty();
    Optional<Path> input = Optional.empty();
    Optional<Path> statePath = Optional.empty();
    String journalctl = "journalctl";
    boolean tail = false;
    for (GetOpt.Option o : options.get()) {
      String v = o.value().orElse("");
      switch (o.letter()) {
        case 'h', 'V' -> {
          return COMMAND_LINE.answer(o, out);
        }
        case 'f' -> configFile = Optional.of(Path.of(v));
        case 'i' -> input = Optional.of(Path.of(v));
        case 's' -> statePath = Optional.of(Path.of(v));
        case 'j' -> journalctl = v;
        case 't' -> tail = true;
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    Log log = Log.forStandardError("journalprobe", err, env);
    Optional<TelemetryConfig> loaded = ProbeRuntime.loadConfig(configFile, env, log::error);
    if (loaded.isEmpty()) {
      return ProbeRuntime.FAILURE;
    }
    TelemetryConfig config = loaded.get();
    TelemetryClient client = ProbeRuntime.client(config, configFile.isPresent());
    CursorFile cursorFile =
        new CursorFile(
            statePath.orElse(config.path(ConfigKeys.JOURNALPROBE_CURSOR_FILE)), "journalprobe");
    Path override = config.path(ConfigKeys.NO_PRIVACY_FILTERS_FILE);
    Process process = null;
    try {
      String boot = bootId.get();
      Instant now = clock.instant();
      Instant written = DamagedPosition.lastWritten(cursorFile.path(), now);
      AtomicBoolean damaged = new AtomicBoolean();
      Optional<String> cursor =
          cursorFile.load(
              now,
              m -> {
                damaged.set(true);
                log.warning(
                    m + "; reading the entries logged after it was last written (" + written + ")");
              });
      long notBefore =
          damaged.get() ? ChronoUnit.MICROS.between(Instant.EPOCH, written) : Long.MIN_VALUE;
      InputStream in;
      if (input.isPresent()) {
        in = new FileInputStream(input.get().toFile());
      } else {
        if (cursor.isEmpty() && tail) {
          // New entries: after the newest one. Not --lines=0, with which journalctl 252 missed
          // the first matching entry logged after it.
          cursor =
              NewestJournalEntry.fields(journalctl)
                  .map(f -> f.get("__CURSOR"))
                  .filter(c -> !c.isBlank());
        }
        process =
            new ProcessBuilder(command(journalctl, cursor, tail, boot, Files.exists(override)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        in = process.getInputStream();
      }
      try (InputStream source = in) {
        JournalScan scan =
            new JournalScan(
                new BoundedLineReader(source, JournalctlFollow.MAX_LINE_BYTES),
                cursorFile,
                input.isPresent() ? cursor : Optional.empty(),
                boot,
                () -> Files.exists(override),
                new ClientSender(client, config.layout().optInFile(), notBefore),
                log);
        Thread stop =
            new Thread(() -> scan.stopAfterCurrentEntry(STOP_WAIT_MILLIS), "journalprobe-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int status;
        try {
          status = scan.run();
        } finally {
          try {
            Runtime.getRuntime().removeShutdownHook(stop);
          } catch (IllegalStateException stopping) {
            // the JVM is stopping: the hook runs
          }
        }
        if (process != null && status == JournalScan.OK) {
          int code = process.waitFor();
          if (code != 0) {
            log.error(journalctl + " ended with status " + code);
            return ProbeRuntime.FAILURE;
          }
        }
        return status;
      }
    } catch (IOException | IllegalStateException e) {
      log.error(FileErrors.describe(e));
      return ProbeRuntime.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeRuntime.FAILURE;
    } finally {
      if (process != null) {
        process.destroy();
        try {
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * journalctl following this boot's failed services: after the cursor, else from the start of the
   * boot (or only new ones with {@code --tail}). Matches on different fields are joined by AND, on
   * one field by OR, and {@code +} separates alternatives; both alternatives match this boot's
   * {@code _BOOT_ID}. On {@code --boot}, see {@link JournalctlFollow#command}.
   */
  static List<String> command(
      String journalctl,
      Optional<String> cursor,
      boolean tail,
      String boot,
      boolean privacyFiltersOff) {
    String bootMatch = "_BOOT_ID=" + boot.replace("-", "");
    List<String> matches = new ArrayList<>(List.of(bootMatch, "EXIT_CODE=exited"));
    if (privacyFiltersOff) {
      matches.addAll(
          List.of("+", bootMatch, "PRIORITY=0", "PRIORITY=1", "PRIORITY=2", "PRIORITY=3"));
    }
    return JournalctlFollow.command(journalctl, boot, cursor, !tail, matches);
  }
}
