package org.telemetrics.probes.crash;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.telemetrics.probes.journal.CursorFile;
import org.telemetrics.probes.journal.NewestJournalEntry;

/**
 * crashprobe-coredump: crash intake where systemd-coredump owns {@code kernel.core_pattern}
 * (Debian, Fedora and Arch by default) instead of fighting it for it. It follows the journal's
 * coredump entries from a stored cursor, has {@code coredumpctl dump} stream each core, and runs
 * crashprobe's analysis on that stream with the arguments core_pattern would have given: the same
 * filters, flood control and backtrace record.
 */
public final class CoredumpFollower {
  static final String SYSTEMD_COREDUMP = "systemd-coredump";
  static final String HELP =
      """
      Usage: crashprobe-coredump [OPTIONS]
      Report the crashes systemd-coredump records, as crashprobe does.

        -f, --config-file FILE  Use this configuration file
        -i, --input FILE        Read journal entries (journalctl -o json) from FILE
                                instead of following the journal; stop at its end
        -j, --journalctl PROG   Run PROG instead of journalctl
        -c, --coredumpctl PROG  Run PROG instead of coredumpctl
        -s, --state FILE        Where to remember the position (default
                                crash_coredump_cursor_file in telemetrics.conf,
                                /var/lib/telemetry/crashprobe/coredump-cursor)
        -V, --version           Print the version and exit
        -h, --help              Print this help and exit

      Exit status: 0 at the end of the input, 75 when telemprobd did not answer in
      time (restart to send the crash again), 2 on a usage error, 1 on any other
      error. A crash crashprobe could not report otherwise is logged and passed over.
      """;

  private static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "crashprobe-coredump",
          List.of(
              new Spec('f', "config-file", Arg.REQUIRED),
              new Spec('i', "input", Arg.REQUIRED),
              new Spec('j', "journalctl", Arg.REQUIRED),
              new Spec('c', "coredumpctl", Arg.REQUIRED),
              new Spec('s', "state", Arg.REQUIRED),
              new Spec('h', "help", Arg.NONE),
              new Spec('V', "version", Arg.NONE)),
          HELP);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;

  CoredumpFollower(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(
        new CoredumpFollower(System.out, System.err, System.getenv(), Clock.systemUTC())
            .run(Arrays.asList(args)));
  }

  int run(List<String> argv) {
    Optional<List<GetOpt.Option>> options = COMMAND_LINE.parse(argv, err);
    if (options.isEmpty()) {
      return ProbeRuntime.USAGE;
    }
    Optional<String> configFile = Optional.empty();
    Optional<Path> input = Optional.empty();
    Optional<Path> statePath = Optional.empty();
    String journalctl = "journalctl";
    String coredumpctl = "coredumpctl";
    for (GetOpt.Option o : options.get()) {
      String v = o.value().orElse("");
      switch (o.letter()) {
        case 'h', 'V' -> {
          return COMMAND_LINE.answer(o, out);
        }
        case 'f' -> configFile = Optional.of(v);
        case 'i' -> input = Optional.of(Path.of(v));
        case 's' -> statePath = Optional.of(Path.of(v));
        case 'j' -> journalctl = v;
        case 'c' -> coredumpctl = v;
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    Log log = Log.forStandardError(ProbeLog.NAME, err, env);
    Optional<TelemetryConfig> loaded =
        ProbeRuntime.loadConfig(configFile.map(Path::of), env, log::error);
    if (loaded.isEmpty()) {
      return ProbeRuntime.FAILURE;
    }
    TelemetryConfig config = loaded.get();
    if (input.isEmpty() && !config.get(ConfigKeys.CRASH_SOURCE).equals(SYSTEMD_COREDUMP)) {
      // crashprobe takes the crashes through kernel.core_pattern: following systemd-coredump as
      // well could report one crash twice
      log.info(
          "crash_source is "
              + config.get(ConfigKeys.CRASH_SOURCE)
              + ": crashes come"
              + " through kernel.core_pattern; set crash_source="
              + SYSTEMD_COREDUMP
              + " in telemetrics.conf to take them from systemd-coredump");
      return ProbeRuntime.OK;
    }
    CursorFile cursorFile =
        new CursorFile(
            statePath.orElse(config.path(ConfigKeys.CRASH_COREDUMP_CURSOR_FILE)),
            "crashprobe-coredump");
    CoredumpIntake intake =
        new CoredumpIntake(
            cursorFile, config, configFile, coredumpctl, new Crashprobe(out, err, env, clock), log);
    try {
      Instant now = clock.instant();
      Instant written = DamagedPosition.lastWritten(cursorFile.path(), now);
      AtomicBoolean damaged = new AtomicBoolean();
      Optional<String> cursor =
          cursorFile.load(
              now,
              m -> {
                damaged.set(true);
                log.warning(
                    m + "; reading the crashes logged after it was last written (" + written + ")");
              });
      Optional<Instant> since = damaged.get() ? Optional.of(written) : Optional.empty();
      long notBeforeMicros =
          since.map(t -> ChronoUnit.MICROS.between(Instant.EPOCH, t)).orElse(Long.MIN_VALUE);
      if (input.isPresent()) {
        try (InputStream source = new FileInputStream(input.get().toFile())) {
          return intake.follow(source, cursor, notBeforeMicros);
        }
      }
      if (cursor.isPresent() || since.isPresent()) {
        // the crashes after the cursor (or since the damaged file was written) in every boot, up
        // to now: a crash just before a reboot is still reported
        int status =
            intake.fromJournal(
                CoredumpJournalCommands.catchUp(journalctl, cursor, since), notBeforeMicros);
        if (status != ProbeRuntime.OK) {
          return status;
        }
        cursor = cursorFile.load(clock.instant(), log::warning);
      }
      Map<String, String> newest = NewestJournalEntry.fields(journalctl).orElse(Map.of());
      String boot = NewestJournalEntry.bootId(newest).orElseGet(ProbeRuntime::kernelBootId);
      if (cursor.isEmpty()) {
        // Only new crashes: after the newest entry. Not --lines=0, with which journalctl 252
        // missed the first coredump entry that came after it (test-systemd found it).
        cursor = Optional.ofNullable(newest.get("__CURSOR")).filter(c -> !c.isBlank());
      }
      return intake.fromJournal(
          CoredumpJournalCommands.follow(journalctl, cursor, boot), Long.MIN_VALUE);
    } catch (IOException | IllegalStateException e) {
      log.error(FileErrors.describe(e));
      return ProbeRuntime.FAILURE;
    }
  }
}
