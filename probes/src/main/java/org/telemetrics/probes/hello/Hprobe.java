package org.telemetrics.probes.hello;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.ProgramExit;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigException;
import org.telemetrics.files.FileErrors;
import org.telemetrics.probes.cli.GetOpt;
import org.telemetrics.probes.cli.GetOpt.Arg;
import org.telemetrics.probes.cli.GetOpt.Spec;
import org.telemetrics.probes.cli.ProbeCommandLine;
import org.telemetrics.probes.cli.ProbeRuntime;
import org.telemetrics.probes.cli.UsageException;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.TelemetryRecord;

/**
 * hprobe: says hello (or, with {@code -H}, sends a heartbeat) so the backend can count active
 * machines. The systemd timer runs {@code hprobe -Hlu} daily.
 */
public final class Hprobe {
  static final String HELLO = "org.clearlinux/hello/world";
  static final String HEARTBEAT = "org.clearlinux/heartbeat/ping";
  static final Path DEFAULT_BUNDLES = Path.of("/usr/share/clear/bundles");
  private static final Path PROC_UPTIME = Path.of("/proc/uptime");
  private static final String HELP =
      """
      Usage: hprobe [OPTIONS]
      Send a hello (or heartbeat) record to the telemetry daemon.

        -f, --config_file FILE  Use this configuration file (absolute path)
        -H, --heartbeat         Send a heartbeat (org.clearlinux/heartbeat/ping)
                                instead of a hello (org.clearlinux/hello/world)
        -l, --locale            Add the locale (LC_ALL) to the payload
        -u, --uptime            Add the uptime in seconds to the payload
        -b, --bundles [DIR]     Add the installed bundles, the entries of DIR
                                (default /usr/share/clear/bundles)
        -V, --version           Print the version and exit
        -h, --help              Print this help and exit

      Exit status: 0 when telemprobd stored the record (or closed the connection
      without answering, as the C daemon does), 75 when it did not answer in
      time, 2 on a usage error, 1 on any other error.
      """;

  private static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "hprobe",
          List.of(
              new Spec('f', "config_file", Arg.REQUIRED),
              new Spec('H', "heartbeat", Arg.NONE),
              new Spec('h', "help", Arg.NONE),
              new Spec('l', "locale", Arg.NONE),
              new Spec('u', "uptime", Arg.NONE),
              new Spec('b', "bundles", Arg.OPTIONAL),
              new Spec('V', "version", Arg.NONE)),
          HELP);

  private Hprobe() {}

  /**
   * Sets up the socket where it is needed, not on a thread of its own: with the launcher's JNI
   * library that is a fraction of a millisecond, less than starting a thread costs.
   */
  public static void main(String[] args) {
    ProgramExit.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    GetOpt.Parsed parsed;
    try {
      parsed = COMMAND_LINE.parseAll(List.of(args));
    } catch (UsageException e) {
      return COMMAND_LINE.usageError(e, err);
    }
    Optional<Path> configFile = Optional.empty();
    boolean heartbeat = false;
    boolean locale = false;
    boolean uptime = false;
    Optional<Path> bundleDir = Optional.empty();
    for (GetOpt.Option o : parsed.options()) {
      switch (o.letter()) {
        case 'h', 'V' -> {
          return COMMAND_LINE.answer(o, out);
        }
        case 'f' -> configFile = Optional.of(Path.of(o.value().orElseThrow()));
        case 'H' -> heartbeat = true;
        case 'l' -> locale = true;
        case 'u' -> uptime = true;
        case 'b' -> bundleDir = Optional.of(o.value().map(Path::of).orElse(DEFAULT_BUNDLES));
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    try {
      COMMAND_LINE.optionsOnly(parsed);
    } catch (UsageException e) {
      return COMMAND_LINE.usageError(e, err);
    }

    String payload;
    try {
      payload =
          HelloPayload.build(
              locale ? Optional.of(HelloPayload.locale(env)) : Optional.empty(),
              uptime ? Optional.of(HelloPayload.uptimeSeconds(PROC_UPTIME)) : Optional.empty(),
              bundleDir.isPresent()
                  ? Optional.of(HelloPayload.bundles(bundleDir.get()))
                  : Optional.empty());
    } catch (IOException | NumberFormatException e) {
      err.println("hprobe: " + describe(e, bundleDir));
      return ProbeRuntime.FAILURE;
    }

    try {
      TelemetryClient client = ProbeRuntime.client(configFile);
      TelemetryRecord record =
          client
              .newRecord(heartbeat ? HEARTBEAT : HELLO)
              .severity(1)
              .payloadFormatVersion(1)
              .payload(payload)
              .build();
      int status = ProbeRuntime.send(client, record, ProbeRuntime.NOT_OPTED_IN, err);
      if (status == ProbeRuntime.OK) {
        out.println("Successfully sent record to daemon.");
      }
      return status;
    } catch (ConfigException e) {
      err.println(ProbeRuntime.describe(e));
      return ProbeRuntime.FAILURE;
    } catch (InvalidRecordException e) {
      err.println("hprobe: " + e.getMessage());
      return ProbeRuntime.FAILURE;
    }
  }

  private static String describe(Exception e, Optional<Path> bundleDir) {
    if (e instanceof NoSuchFileException && bundleDir.isPresent()) {
      return "cannot list bundles: no directory " + bundleDir.get();
    }
    return e instanceof IOException io ? "cannot read " + FileErrors.describe(io) : e.getMessage();
  }
}
