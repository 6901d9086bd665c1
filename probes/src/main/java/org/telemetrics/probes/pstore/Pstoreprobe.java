package org.telemetrics.probes.pstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.ProgramExit;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;
import org.telemetrics.probes.cli.GetOpt;
import org.telemetrics.probes.cli.GetOpt.Arg;
import org.telemetrics.probes.cli.GetOpt.Spec;
import org.telemetrics.probes.cli.ProbeCommandLine;
import org.telemetrics.probes.cli.ProbeRuntime;
import org.telemetrics.probes.oops.Oops;
import org.telemetrics.probes.oops.OopsLogParser;
import org.telemetrics.probes.oops.OopsPayload;

/**
 * pstoreprobe: reports the kernel reports saved in pstore by the previous boot (dumps an oops or
 * panic wrote into EFI variables or ramoops memory), one record each, and removes a dump's entries
 * once every record of it was taken by telemprobd, which frees the firmware's storage. Unlike the C
 * pair pstoreclean and pstoreprobe, it reads pstore where it is mounted, copies nothing, and
 * neither aborts on a one-part dump nor loops on a dump without a final newline.
 */
public final class Pstoreprobe {
  static final Path PSTORE = Path.of("/sys/fs/pstore");

  static final String HELP =
      """
      Usage: pstoreprobe [OPTIONS]
      Report the kernel oopses and panics the previous boot saved in pstore.

        -f, --config-file FILE  Use this configuration file
        -d, --dir DIR           Read pstore entries from DIR (default /sys/fs/pstore)
        -k, --keep              Do not remove reported entries
        -V, --version           Print the version and exit
        -h, --help              Print this help and exit

      Exit status: 0 when every dump was handled (or the machine is not opted in),
      75 when telemprobd did not take a record (the dump is kept for the next run),
      2 on a usage error, 1 on any other error.
      """;

  private static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "pstoreprobe",
          List.of(
              new Spec('f', "config-file", Arg.REQUIRED),
              new Spec('d', "dir", Arg.REQUIRED),
              new Spec('k', "keep", Arg.NONE),
              new Spec('h', "help", Arg.NONE),
              new Spec('V', "version", Arg.NONE)),
          HELP);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Log log;

  Pstoreprobe(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.log = Log.forStandardError("pstoreprobe", err, env);
  }

  public static void main(String[] args) {
    TelemetryClient.prepareInBackground();
    ProgramExit.exit(
        new Pstoreprobe(System.out, System.err, System.getenv()).run(Arrays.asList(args)));
  }

  int run(List<String> argv) {
    Optional<List<GetOpt.Option>> options = COMMAND_LINE.parse(argv, err);
    if (options.isEmpty()) {
      return ProbeRuntime.USAGE;
    }
    Optional<Path> configFile = Optional.empty();
    Path dir = PSTORE;
    boolean keep = false;
    for (GetOpt.Option o : options.get()) {
      switch (o.letter()) {
        case 'h', 'V' -> {
          return COMMAND_LINE.answer(o, out);
        }
        case 'f' -> configFile = Optional.of(Path.of(o.value().orElseThrow()));
        case 'd' -> dir = Path.of(o.value().orElseThrow());
        case 'k' -> keep = true;
        default -> throw new IllegalStateException("unhandled option " + o.letter());
      }
    }
    Optional<TelemetryConfig> loaded = ProbeRuntime.loadConfig(configFile, env, log::error);
    if (loaded.isEmpty()) {
      return ProbeRuntime.FAILURE;
    }
    TelemetryConfig config = loaded.get();
    TelemetryClient client = ProbeRuntime.client(config, configFile.isPresent());
    if (!client.isOptedIn()) {
      log.info("not opted in; pstore entries left as they are");
      return ProbeRuntime.OK;
    }
    boolean registerValues = Files.exists(config.path(ConfigKeys.NO_PRIVACY_FILTERS_FILE));
    try {
      return report(dir, client, registerValues, keep);
    } catch (IOException e) {
      log.error("cannot read " + FileErrors.about(dir, e));
      return ProbeRuntime.FAILURE;
    }
  }

  private int report(Path dir, TelemetryClient client, boolean registerValues, boolean keep)
      throws IOException {
    PstoreFiles.Listing listing = PstoreFiles.list(dir);
    listing.notRegular().forEach(n -> log.warning(dir.resolve(n) + " is not a regular file; left"));
    int status = ProbeRuntime.OK;
    for (PstoreDump dump : PstoreDump.group(listing.entries())) {
      StringBuilder text = new StringBuilder();
      for (PstoreEntry e : dump.oldestFirst()) {
        text.append(PstoreFiles.readPart(dir, e));
      }
      if (dump.missingParts()) {
        log.warning("dump " + dump.id() + " lacks parts; reporting what is there");
      }
      List<Oops> found =
          OopsLogParser.parse(
              new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
      boolean allTaken = true;
      for (Oops o : found) {
        allTaken &= send(client, o, OopsPayload.format(o, registerValues), dump.id());
      }
      if (!allTaken) {
        status = ProbeRuntime.TIMED_OUT;
        log.warning("dump " + dump.id() + " kept: not every record of it was taken");
      } else if (!keep) {
        for (PstoreEntry e : dump.oldestFirst()) {
          PstoreFiles.remove(dir, e);
        }
        log.info(
            "dump "
                + dump.id()
                + ": "
                + found.size()
                + " report(s) sent; "
                + dump.oldestFirst().size()
                + " entr"
                + (dump.oldestFirst().size() == 1 ? "y" : "ies")
                + " removed");
      }
    }
    return status;
  }

  private boolean send(TelemetryClient client, Oops o, String payload, String dump) {
    SendResult result =
        ProbeRuntime.send(client, o.pattern().classification(), o.pattern().severity(), payload);
    if (result.delivered()) {
      return true;
    }
    if (result instanceof SendResult.Rejected rej) {
      log.error("dump " + dump + ": a record was refused: " + rej.reason());
      return true; // sending it again would be refused again
    }
    log.error(
        "dump " + dump + ": a record was not sent: " + ((SendResult.Failed) result).message());
    return false;
  }
}
