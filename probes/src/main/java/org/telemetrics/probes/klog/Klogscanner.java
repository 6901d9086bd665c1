package org.telemetrics.probes.klog;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.telemetrics.ProgramExit;
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

/**
 * klogscanner: reports kernel oopses, warnings, panics and BERT records from the kernel log. Unlike
 * the C probe's {@code klogctl} read, which empties the buffer for everyone else, it reads {@code
 * /dev/kmsg}, where every reader has its own position. It blocks in read(2) between records: idle,
 * it uses no CPU.
 */
public final class Klogscanner {
  static final Path KMSG = Path.of("/dev/kmsg");

  static final String HELP =
      """
      Usage: klogscanner [OPTIONS]
      Report kernel oopses, warnings, panics and BERT records from the kernel log.

        -f, --config-file FILE  Use this configuration file
        -k, --kmsg FILE         Read records in the /dev/kmsg format from FILE (a file or
                                FIFO) instead of /dev/kmsg; stop at its end
        -s, --state FILE        Where to remember what was read (default
                                klogscanner_state_file in telemetrics.conf,
                                /var/lib/telemetry/klogscanner/state)
        -n, --flood-limit N     Records per oops signature and boot; then one summary
                                record, and the rest only counted (default
                                klogscanner_flood_limit, 10; 0: no limit)
        -V, --version           Print the version and exit
        -h, --help              Print this help and exit

      Exit status: 0 at the end of the input, 75 when telemprobd could not take a
      record (restart to send it again), 2 on a usage error, 1 on any other error.
      """;

  private static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "klogscanner",
          List.of(
              new Spec('f', "config-file", Arg.REQUIRED),
              new Spec('k', "kmsg", Arg.REQUIRED),
              new Spec('s', "state", Arg.REQUIRED),
              new Spec('n', "flood-limit", Arg.REQUIRED),
              new Spec('h', "help", Arg.NONE),
              new Spec('V', "version", Arg.NONE)),
          HELP);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;
  private final LongSupplier monotonicNanos;
  private final Supplier<String> bootId;

  Klogscanner(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      LongSupplier monotonicNanos,
      Supplier<String> bootId) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.clock = clock;
    this.monotonicNanos = monotonicNanos;
    this.bootId = bootId;
  }

  public static void main(String[] args) {
    TelemetryClient.prepareInBackground();
    int code =
        new Klogscanner(
                System.out,
                System.err,
                System.getenv(),
                Clock.systemUTC(),
                System::nanoTime,
                ProbeRuntime::kernelBootId)
            .run(Arrays.asList(args));
    ProgramExit.exit(code);
  }

  int run(List<String> argv) {
    Optional<List<GetOpt.Option>> options = COMMAND_LINE.parse(argv, err);
    if (options.isEmpty()) {
      return ProbeRuntime.USAGE;
    }
    Optional<Path> configFile = Optional.empty();
    Optional<Path> kmsg = Optional.empty();
    Optional<Path> statePath = Optional.empty();
    Optional<Long> floodLimit = Optional.empty();
    for (GetOpt.Option o : options.get()) {
      String v = o.value().orElse("");
      switch (o.letter()) {
        case 'h', 'V' -> {
          return COMMAND_LINE.answer(o, out);
        }
        case 'f' -> configFile = Optional.of(Path.of(v));
        case 'k' -> kmsg = Optional.of(Path.of(v));
        case 's' -> statePath = Optional.of(Path.of(v));
        case 'n' -> {
          if (!v.matches("[0-9]{1,9}")) {
            return COMMAND_LINE.usageError(
                "--flood-limit must be a number from 0, not '" + v + "'", err);
          }
          floodLimit = Optional.of(Long.parseLong(v));
        }
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    ScanLog log = new ScanLog(Log.forStandardError("klogscanner", err, env));
    Optional<TelemetryConfig> loaded = ProbeRuntime.loadConfig(configFile, env, log::error);
    if (loaded.isEmpty()) {
      return ProbeRuntime.FAILURE;
    }
    TelemetryConfig config = loaded.get();
    TelemetryClient client = ProbeRuntime.client(config, configFile.isPresent());
    Path source = kmsg.orElse(KMSG);
    ScanStateFile stateFile =
        new ScanStateFile(statePath.orElse(config.path(ConfigKeys.KLOGSCANNER_STATE_FILE)));
    Path privacyOverride = config.path(ConfigKeys.NO_PRIVACY_FILTERS_FILE);
    try (InputStream in = new FileInputStream(source.toFile())) {
      KmsgScan scan =
          start(
              new KmsgReader(in),
              source.toString(),
              stateFile,
              log,
              ReportSender.of(client, config.layout().optInFile(), clock, monotonicNanos),
              new FloodLimit(floodLimit.orElse(config.get(ConfigKeys.KLOGSCANNER_FLOOD_LIMIT))),
              privacyOverride);
      return scan.run();
    } catch (IOException | IllegalStateException e) {
      // the source cannot be read, or /proc has no boot id: a restart would not help
      log.error(FileErrors.describe(e) + (kmsg.isEmpty() ? kernelLogHint(e) : ""));
      return ProbeRuntime.FAILURE;
    }
  }

  /** What the kernel's refusal of /dev/kmsg means: the message alone does not say. */
  static String kernelLogHint(Throwable e) {
    return FileErrors.reason(e).equals("Operation not permitted")
        ? " (reading the kernel log needs CAP_SYSLOG while kernel.dmesg_restrict is set:"
            + " run klogscanner as root, or through klogscanner.service, which grants it)"
        : "";
  }

  /** The scan, resumed from the state file when it is of this boot. */
  private KmsgScan start(
      KmsgReader reader,
      String source,
      ScanStateFile stateFile,
      ScanLog log,
      ReportSender sender,
      FloodLimit flood,
      Path privacyOverride)
      throws IOException {
    String boot = bootId.get();
    ScanState state = ScanState.fresh(boot);
    long skipUntil = -1;
    Instant now = clock.instant();
    Instant written = DamagedPosition.lastWritten(stateFile.path(), now);
    ScanStateFile.Loaded loaded = stateFile.load(now);
    if (loaded instanceof ScanStateFile.Found f && f.state().bootId().equals(boot)) {
      state = f.state();
      log.info("resuming " + source + " at record " + state.nextSequence());
    } else if (loaded instanceof ScanStateFile.Damaged d) {
      // the last write on the kernel log's clock; before this boot: none of its records was read
      long writtenMicros =
          monotonicNanos.getAsLong() / 1000 - ChronoUnit.MICROS.between(written, now);
      skipUntil = Math.max(writtenMicros, -1);
      log.warning(
          "state file "
              + stateFile.path()
              + " is damaged ("
              + d.reason()
              + "); moved to "
              + d.aside()
              + "; reading the records logged after it was last written ("
              + written
              + (skipUntil < 0 ? ", before this boot: all of this boot's" : "")
              + ")");
    }
    return new KmsgScan(
        reader,
        source,
        stateFile,
        state,
        skipUntil,
        sender,
        flood,
        () -> Files.exists(privacyOverride),
        log);
  }
}
