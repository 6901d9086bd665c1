package org.telemetrics.ctl.preview;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.telemetrics.Version;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.host.HostInfoReader;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.otlp.OtlpExchange;
import org.telemetrics.postd.otlp.OtlpSettings;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.RecordRules;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    sortOptions = false,
    description = {
      "Prints what would be sent for a record, without sending it.",
      "",
      "Prints exactly what telempostd would send for a record: the request line, "
          + "every HTTP header and the body (headers form or JSON), without sending anything.",
      "With otlp, the OpenTelemetry logs request in its JSON encoding, uncompressed, made by "
          + "telempostd's own encoder; the records of a file share one request.",
      "Either a staged, queued or dead-letter file (--file, any format, also the C client's), "
          + "or a record described as with telem-record-gen (-c, -s, -p, -P, -e): it gets "
          + "this machine's host data and machine id, as telemprobd would stamp them.",
      "A newline is printed after a body that does not end with one."
    })
public final class PreviewCommand extends CtlCommand {
  static final String UNASSIGNED_ID = "(assigned-by-telemprobd)";

  /** Stands for the unassigned id in an OTLP request, which must hold a record id. */
  private static final String PLACEHOLDER_ID = "00000000000000000000000000000000";

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--file",
        paramLabel = "FILE",
        required = true,
        description =
            "A spool file (staging/, queue/, dead-letter/ or a C staged file); each "
                + "record in it.")
    Path file;

    @ArgGroup(exclusive = false)
    Described described;
  }

  static final class Described {
    @Option(
        names = {"-c", "--class"},
        required = true,
        paramLabel = "CLASS",
        description = "Classification, most/to/least specific.")
    String classification;

    @Option(
        names = {"-s", "--severity"},
        defaultValue = "1",
        paramLabel = "1-4",
        description = "Severity (default ${DEFAULT-VALUE}).")
    int severity;

    @Option(
        names = {"-p", "--payload"},
        paramLabel = "TEXT",
        description = "The payload.")
    String payload;

    @Option(
        names = {"-P", "--payload-file"},
        paramLabel = "FILE",
        description = "Read the payload from a file.")
    Path payloadFile;

    @Option(
        names = {"-R", "--record-version"},
        defaultValue = "1",
        paramLabel = "N",
        description = "Payload format version (default ${DEFAULT-VALUE}).")
    long payloadVersion;

    @Option(
        names = {"-e", "--event-id"},
        paramLabel = "ID",
        description = "32 lowercase hex.")
    String eventId;
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "headers, json or otlp (default: the post_format setting).")
  String format;

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    HttpRecordFormat.Kind kind = kind(config);
    if (kind == HttpRecordFormat.Kind.OTLP) {
      List<SpoolEntry> entries =
          source.file != null
              ? readSpoolFile(source.file)
              : List.of(
                  SpoolEntry.of(
                      PLACEHOLDER_ID,
                      ctx().clock().millis(),
                      build(config.layout(), source.described)));
      printOtlp(config, entries);
      return ExitCodes.OK;
    }
    if (source.file == null) {
      print(config, kind, build(config.layout(), source.described), UNASSIGNED_ID);
      return ExitCodes.OK;
    }
    // a file of several records (committed together by telemprobd): each request in turn
    List<SpoolEntry> entries = readSpoolFile(source.file);
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out().println();
      }
      print(config, kind, entries.get(i).record(), entries.get(i).recordId());
    }
    return ExitCodes.OK;
  }

  private void print(
      TelemetryConfig config, HttpRecordFormat.Kind kind, TelemetryRecord record, String recordId) {
    HttpRecordFormat.HttpForm form =
        HttpRecordFormat.format(kind, record, recordId, config.get(ConfigKeys.TIDHEADER));
    String server = config.get(ConfigKeys.SERVER);
    out().println("POST " + (server.isEmpty() ? "(no server configured)" : server));
    // as telempostd's poster; the transport's own headers (Host, Connection, Accept-Encoding)
    // are left out
    out().println("User-Agent: telempostd/" + Version.number()); // the same release
    out().println("Content-Type: " + form.contentType());
    out().println("Content-Length: " + form.body().length);
    for (HttpRecordFormat.HttpHeader h : form.headers()) {
      out().println(h.name() + ": " + h.value());
    }
    out().println();
    String body = new String(form.body(), StandardCharsets.UTF_8);
    out().print(body);
    if (!body.endsWith("\n")) {
      out().println();
    }
  }

  /**
   * One OTLP request for {@code entries}, as telempostd's {@link OtlpExchange} makes it, in the
   * JSON encoding without compression whatever {@code otlp_encoding} and {@code otlp_compression}
   * say (protobuf and gzip are not for reading); a note on standard error says so when they differ.
   */
  private void printOtlp(TelemetryConfig config, List<SpoolEntry> entries) {
    OtlpSettings configured = OtlpSettings.from(config);
    OtlpSettings shown =
        new OtlpSettings(
            true, false, configured.batchRecords(), configured.batchBytes(), configured.isolate());
    OtlpExchange.Body body = new OtlpExchange(shown).body(entries);
    String json =
        new String(body.bytes(), StandardCharsets.UTF_8)
            .replace(placeholderAttribute(PLACEHOLDER_ID), placeholderAttribute(UNASSIGNED_ID));
    if (!configured.json() || configured.gzip()) {
      err()
          .println(
              "(shown in the JSON encoding, uncompressed; telempostd sends "
                  + (configured.json() ? "JSON" : "protobuf")
                  + (configured.gzip() ? ", gzipped" : "")
                  + ")");
    }
    String server = config.get(ConfigKeys.SERVER);
    out().println("POST " + (server.isEmpty() ? "(no server configured)" : server));
    out().println("User-Agent: telempostd/" + Version.number());
    out().println("Content-Type: " + body.contentType());
    out().println("Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length);
    HttpRecordFormat.parseHeaderLine(config.get(ConfigKeys.TIDHEADER))
        .ifPresent(h -> out().println(h.name() + ": " + h.value()));
    out().println();
    out().println(json);
  }

  private static String placeholderAttribute(String id) {
    return "{\"key\":\"telemetrics.record_id\",\"value\":{\"stringValue\":\"" + id + "\"}}";
  }

  private HttpRecordFormat.Kind kind(TelemetryConfig config) throws CtlException {
    String name = format != null ? format : config.get(ConfigKeys.POST_FORMAT);
    try {
      return HttpRecordFormat.Kind.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CtlException(
          "Unknown format \"" + name + "\": use headers, json or otlp.", ExitCodes.USAGE);
    }
  }

  private static List<SpoolEntry> readSpoolFile(Path file) throws CtlException {
    try {
      byte[] bytes = RegularFiles.readBounded(file, SpoolFileFormat.MAX_FILE_SIZE);
      return SpoolFileFormat.decodeAll(bytes, Files.getLastModifiedTime(file).toMillis());
    } catch (NoSuchFileException e) {
      throw new CtlException("No such file: " + file);
    } catch (IOException e) {
      throw new CtlException("Cannot read " + FileErrors.about(file, e));
    } catch (SpoolFormatException e) {
      throw new CtlException(file + " is not a record: " + e.getMessage());
    }
  }

  private static TelemetryRecord build(Layout layout, Described d) throws CtlException {
    try {
      RecordBuilder b =
          RecordBuilder.create(d.classification, new HostInfoReader(layout.root()).read())
              .severity(checkSeverity(d.severity))
              .payloadFormatVersion(d.payloadVersion);
      if (d.payloadFile != null) {
        b.payload(RegularFiles.readBounded(d.payloadFile, RecordRules.MAX_PAYLOAD_BYTES));
      } else if (d.payload != null) {
        b.payload(d.payload);
      }
      if (d.eventId != null) {
        b.eventId(d.eventId);
      }
      return b.build().withMachineId(MachineId.asTelemprobdWould(layout));
    } catch (InvalidRecordException e) {
      throw new CtlException("Error: " + e.getMessage());
    } catch (IOException e) {
      throw new CtlException(
          "Error: file "
              + d.payloadFile
              + " could not be opened for reading: "
              + FileErrors.reason(e));
    }
  }

  private static int checkSeverity(int severity) throws CtlException {
    if (severity < RecordRules.MIN_SEVERITY || severity > RecordRules.MAX_SEVERITY) {
      throw new CtlException("Error: Valid range for severity is 1-4");
    }
    return severity;
  }
}
