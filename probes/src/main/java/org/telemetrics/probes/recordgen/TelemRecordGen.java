package org.telemetrics.probes.recordgen;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
import org.telemetrics.probes.recordgen.stdin.StdinRecords;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordRules;
import org.telemetrics.record.TelemetryRecord;

/**
 * telem-record-gen: makes a record from the command line and sends it, prints it, or both. The
 * flags, messages and exit codes are those of the C tool, so scripts written for it keep working.
 */
public final class TelemRecordGen {
  /** {@code --stdin} has no short form: a letter nobody can type stands for it. */
  private static final char STDIN = '\u0001';

  private static final String HELP =
      """
      Usage: telem-record-gen [OPTIONS] -c CLASSIFICATION
             telem-record-gen --stdin [-f FILE]
      Create a telemetry record and send it to the telemetry daemon.

        -c, --class CLASS           Classification, most/to/least specific
                                    (required; two '/', at most 40 characters
                                    between slashes, 122 in all, ASCII)
        -s, --severity N            Severity 1 (low) to 4 (critical); default 1
        -p, --payload TEXT          Payload text
        -P, --payload-file FILE     Read the payload from FILE
                                    (without -p or -P it is read from stdin)
        -R, --record-version N      Payload format version, 0-2147483646;
                                    default 1
        -e, --event-id ID           Event id: 32 lowercase hexadecimal characters
                                    (default: a random one)
        -o, --echo                  Print the record to stdout
        -n, --no-post               Don't send the record
        -f, --config-file FILE      Use this configuration file (absolute path)
            --stdin                 Send one record per line of stdin, each a JSON
                                    object with the keys class, payload and
                                    optionally severity, record-version, event-id;
                                    prints "LINE ok RECORD-ID" or "LINE error
                                    REASON" for each line (lines of at most
                                    65536 bytes)
        -V, --version               Print the version and exit
        -h, --help                  Print this help and exit

      The payload is at most 8192 bytes of UTF-8 text; a longer one is cut
      with a warning. Exit status: 0 when telemprobd stored the record (or closed
      the connection without answering, as the C daemon does), 75 when it did
      not answer in time, 2 on a usage error, 1 on any other error (with
      --stdin: any bad line or any record not stored).
      """;

  private static final ProbeCommandLine COMMAND_LINE =
      new ProbeCommandLine(
          "telem-record-gen",
          List.of(
              new Spec('h', "help", Arg.NONE),
              new Spec('V', "version", Arg.NONE),
              new Spec('s', "severity", Arg.REQUIRED),
              new Spec('c', "class", Arg.REQUIRED),
              new Spec('p', "payload", Arg.REQUIRED),
              new Spec('P', "payload-file", Arg.REQUIRED),
              new Spec('R', "record-version", Arg.REQUIRED),
              new Spec('e', "event-id", Arg.REQUIRED),
              new Spec('o', "echo", Arg.NONE),
              new Spec('n', "no-post", Arg.NONE),
              new Spec('f', "config-file", Arg.REQUIRED),
              new Spec(STDIN, "stdin", Arg.NONE)),
          HELP);

  private TelemRecordGen() {}

  /** No socket set-up on a thread of its own: see {@code Hprobe.main}. */
  public static void main(String[] args) {
    ProgramExit.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    RecordRequest request;
    try {
      GetOpt.Parsed parsed = COMMAND_LINE.parseAll(List.of(args));
      if (has(parsed, 'h')) { // -h wins over -V wherever each stands
        return COMMAND_LINE.help(out);
      }
      if (has(parsed, 'V')) {
        return COMMAND_LINE.version(out);
      }
      COMMAND_LINE.optionsOnly(parsed);
      if (has(parsed, STDIN)) {
        return streamFromStdin(parsed, stdin, out, err);
      }
      request = RecordRequest.from(parsed);
    } catch (UsageException e) {
      return COMMAND_LINE.usageError(e, err);
    }

    Payload payload;
    try {
      payload = readPayload(request, stdin);
    } catch (UsageException e) {
      err.println(e.getMessage());
      return ProbeRuntime.FAILURE;
    }
    if (payload.truncated()) {
      err.println("Warning: payload cut to " + RecordRules.MAX_PAYLOAD_BYTES + " bytes");
    }

    try {
      TelemetryClient client = ProbeRuntime.client(request.configFile());
      var builder =
          client
              .newRecord(request.classification())
              .severity(request.severity())
              .payloadFormatVersion(request.payloadVersion())
              .payload(payload.bytes());
      if (request.eventId().isPresent()) {
        builder.eventId(request.eventId().get());
      }
      TelemetryRecord record = builder.build();
      if (request.echo()) {
        out.print(record.toText());
        out.flush();
      }
      return request.post()
          ? ProbeRuntime.send(client, record, ProbeRuntime.NOT_OPTED_IN, err)
          : ProbeRuntime.OK;
    } catch (ConfigException e) {
      err.println(ProbeRuntime.describe(e));
      return ProbeRuntime.FAILURE;
    } catch (InvalidRecordException e) {
      err.println("Error: " + e.getMessage());
      return ProbeRuntime.FAILURE;
    }
  }

  /** {@code --stdin}: the records come from the lines of standard input, not from options. */
  private static int streamFromStdin(
      GetOpt.Parsed parsed, InputStream stdin, PrintStream out, PrintStream err)
      throws UsageException {
    Optional<Path> configFile = Optional.empty();
    for (GetOpt.Option o : parsed.options()) {
      if (o.letter() == 'f') {
        configFile = Optional.of(Path.of(o.value().orElseThrow()));
      } else if (o.letter() != STDIN) {
        throw new UsageException(
            "telem-record-gen: --stdin takes each record's fields from its"
                + " line; only -f, --config-file goes with it");
      }
    }
    TelemetryClient client;
    try {
      client = ProbeRuntime.client(configFile);
    } catch (ConfigException e) {
      err.println(ProbeRuntime.describe(e));
      return ProbeRuntime.FAILURE;
    }
    if (!client.isOptedIn()) { // once, before reading anything
      err.println(ProbeRuntime.NOT_OPTED_IN);
      return ProbeRuntime.FAILURE;
    }
    return StdinRecords.run(client, stdin, out, err);
  }

  private static boolean has(GetOpt.Parsed parsed, char letter) {
    for (GetOpt.Option o : parsed.options()) {
      if (o.letter() == letter) {
        return true;
      }
    }
    return false;
  }

  /** The payload bytes, cut to the record limit. */
  record Payload(byte[] bytes, boolean truncated) {}

  /** Payload from {@code -P}, else {@code -p}, else stdin: the C tool's order. */
  static Payload readPayload(RecordRequest request, InputStream stdin) throws UsageException {
    int limit = RecordRules.MAX_PAYLOAD_BYTES;
    byte[] bytes;
    if (request.payloadFile().isPresent()) {
      Path file = request.payloadFile().get();
      // java.io, not Files.newInputStream: its channel would set up the JDK's NIO library and
      // some forty classes the start-up cache lacks, for one small read.
      try (InputStream in = new FileInputStream(file.toString())) {
        bytes = in.readNBytes(limit + 1);
      } catch (IOException e) {
        // the C tool's words, then why (C leaves that out)
        throw new UsageException(
            "Error: file " + file + " could not be opened for reading: " + FileErrors.reason(e));
      }
    } else if (request.payloadText().isPresent()) {
      bytes = request.payloadText().get().getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        bytes = stdin.readNBytes(limit + 1);
      } catch (IOException e) {
        throw new UsageException(
            "Error: cannot read the payload from stdin: " + FileErrors.describe(e));
      }
    }
    if (bytes.length <= limit) {
      return new Payload(bytes, false);
    }
    return new Payload(Arrays.copyOf(bytes, RecordRules.utf8PrefixLength(bytes, limit)), true);
  }
}
