package org.telemetrics.probes.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.ProgramExit;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.probes.cli.ProbeRuntime;
import org.telemetrics.probes.cli.UsageException;
import org.telemetrics.probes.crash.core.CoreDump;
import org.telemetrics.probes.crash.core.CoreLimits;
import org.telemetrics.probes.crash.core.CoreReader;
import org.telemetrics.probes.crash.payload.CrashPayload;

/**
 * crashprobe: the kernel's {@code core_pattern} pipe handler. Reads the core from standard input as
 * a stream, unwinds every thread, and sends one record in the C probe's payload format.
 *
 * <p>Exit status: 0 when the crash was handled (sent, filtered or suppressed), 75 when telemprobd
 * did not take or answer the record in time, 2 for a command line it cannot understand, 1
 * otherwise.
 */
public final class Crashprobe {
  static final String CLASS_CLR = "org.clearlinux/crash/clr";
  static final String CLASS_ERROR = "org.clearlinux/crash/error";
  static final String CLASS_UNKNOWN = "org.clearlinux/crash/unknown";
  static final String CLASS_CLR_BUILD = "org.clearlinux/crash/clr-build";
  static final String CLASS_FLOOD = "org.clearlinux/crash/flood";

  /** Top frames that, with the executable, make a crash's signature for flood control. */
  static final int FLOOD_FRAMES = 5;

  /** Set to 1 to let a root-run probe parse a core (tests in root containers only). */
  static final String ALLOW_ROOT_ENV = "CRASHPROBE_ALLOW_ROOT";

  private final PrintStream out;
  private final PrintStream err;
  private final Log log;
  private final Map<String, String> env;
  private final Clock clock;

  Crashprobe(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
    this(out, err, Log.forStandardError(ProbeLog.NAME, err, env), env, clock);
  }

  Crashprobe(PrintStream out, PrintStream err, Log log, Map<String, String> env, Clock clock) {
    this.out = out;
    this.err = err;
    this.log = log;
    this.env = env;
    this.clock = clock;
  }

  public static void main(String[] args) {
    TelemetryClient.prepareInBackground(); // the socket's set-up overlaps reading the core
    PrintStream err = ProbeLog.standardErrorOrJournal(System.err, ProbeLog.JOURNAL_SOCKET);
    Map<String, String> env = System.getenv();
    int code =
        new Crashprobe(System.out, err, ProbeLog.log(err, System.err, env), env, Clock.systemUTC())
            .run(Arrays.asList(args), System.in);
    System.out.flush();
    ProgramExit.exit(code);
  }

  int run(List<String> argv, InputStream stdin) {
    CrashArgs args;
    try {
      args = CrashArgs.parse(argv);
    } catch (UsageException e) {
      return CrashArgs.COMMAND_LINE.usageError(e, err);
    }
    if (args.help()) {
      return CrashArgs.COMMAND_LINE.help(out);
    }
    if (args.version()) {
      return CrashArgs.COMMAND_LINE.version(out);
    }
    Optional<TelemetryConfig> loaded =
        ProbeRuntime.loadConfig(args.configFile().map(Path::of), env, log::error);
    if (loaded.isEmpty()) {
      return ProbeRuntime.FAILURE;
    }
    TelemetryConfig config = loaded.get();
    TelemetryClient client = ProbeRuntime.client(config, args.configFile().isPresent());
    if (!client.isOptedIn()) {
      log.info("not opted in; crash of " + args.process() + " not reported");
      return 0;
    }
    CrashSender sender = new CrashSender(client, log);
    CrashFloodGate flood = new CrashFloodGate(config, clock, sender, log);
    boolean filters = !Files.exists(config.path(ConfigKeys.NO_PRIVACY_FILTERS_FILE));
    PrivacyFilter filter =
        new PrivacyFilter(
            filters, config.get(ConfigKeys.CRASH_ALLOW), config.get(ConfigKeys.CRASH_DENY));
    switch (filter.decide(args.processPath(), args.process())) {
      case CLR_BUILD:
        return flood.allows(args.process(), List.of(CLASS_CLR_BUILD))
            ? sender.send(args.process(), CLASS_CLR_BUILD, 2, CrashPayload.clrBuild())
            : 0;
      case THIRD_PARTY:
        return flood.allows(args.process(), List.of(CLASS_UNKNOWN))
            ? sender.send(args.process(), CLASS_UNKNOWN, 2, CrashPayload.thirdParty())
            : 0;
      case IGNORE:
        log.info("crash of " + args.process() + " ignored by crash_allow/crash_deny");
        return 0;
      default:
        break;
    }
    if (isRoot() && !"1".equals(env.get(ALLOW_ROOT_ENV))) {
      log.error(
          "refusing to parse a core as root; start crashprobe through its launcher,"
              + " which runs it as the telemetry user");
      return 1;
    }
    return report(config, sender, flood, args, stdin);
  }

  private int report(
      TelemetryConfig config,
      CrashSender sender,
      CrashFloodGate flood,
      CrashArgs args,
      InputStream stdin) {
    CoreLimits limits =
        new CoreLimits(
            config.get(ConfigKeys.CRASH_STACK_PER_THREAD_KB) * 1024,
            config.get(ConfigKeys.CRASH_STACK_TOTAL_KB) * 1024,
            config.get(ConfigKeys.CRASH_PENDING_BUFFER_KB) * 1024,
            CoreLimits.DEFAULT.maxNotes());
    CoreDump core;
    KeptCore kept = KeptCore.start(config, args, clock, log);
    try (InputStream in = CoreSource.open(args, stdin)) {
      core = new CoreReader(limits).read(in, kept.sink());
    } catch (IOException | RuntimeException e) {
      // a RuntimeException here is a bug of ours on input we did not foresee: still report
      kept.finish();
      log.error("cannot read the core of " + args.process() + ": " + describe(e));
      return sendError(sender, args, args.pid().orElse(0L), "Cannot read core: " + describe(e));
    }
    kept.finish();
    core.problems().forEach(p -> log.warning(args.process() + ": " + p));
    Path debugDir = config.path(ConfigKeys.CRASH_DEBUG_DIR);
    CoreAnalyzer.Analysis analysis;
    try {
      analysis = CoreAnalyzer.analyze(core, debugDir);
      long wait = config.get(ConfigKeys.CRASH_DEBUGINFO_WAIT_S);
      if (wait > 0 && (analysis.hasUnnamedFrames() || !analysis.errors().isEmpty())) {
        log.info("frames without symbols; waiting " + wait + " s for debug information");
        sleepSeconds(wait);
        analysis = CoreAnalyzer.analyze(core, debugDir);
      }
    } catch (RuntimeException e) {
      log.error("unwinding the core of " + args.process() + " failed: " + describe(e));
      return sendError(sender, args, core.pid(), "Unwinding failed: " + describe(e));
    }
    analysis.moduleProblems().forEach(p -> log.warning(p));
    boolean failed = !analysis.errors().isEmpty();
    String payload =
        CrashPayload.format(
            args.process(),
            core.pid(),
            args.signal(),
            analysis.truncated(),
            analysis.errors(),
            analysis.threads());
    if (args.verbose()) {
      out.print(payload);
    }
    if (!flood.allows(args.process(), analysis.topFunctions(FLOOD_FRAMES))) {
      return 0;
    }
    return sender.send(args.process(), failed ? CLASS_ERROR : CLASS_CLR, failed ? 4 : 3, payload);
  }

  /** A record of what kept the crash from being unwound, with no threads. */
  private static int sendError(CrashSender sender, CrashArgs args, long pid, String problem) {
    String payload =
        CrashPayload.format(args.process(), pid, args.signal(), false, List.of(problem), List.of());
    return sender.send(args.process(), CLASS_ERROR, 4, payload);
  }

  private static String describe(Exception e) {
    return e instanceof IOException io ? FileErrors.describe(io) : e.toString();
  }

  /** Effective uid 0, from /proc (the JDK has no call for it). */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          // "Uid:" real effective saved fs; no regular expression for it (start-up time)
          String[] f = line.trim().split("\t");
          return f.length > 2 && f[2].trim().equals("0");
        }
      }
    } catch (IOException e) {
      return "root".equals(System.getProperty("user.name"));
    }
    return false;
  }

  private static void sleepSeconds(long s) {
    try {
      Thread.sleep(s * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
