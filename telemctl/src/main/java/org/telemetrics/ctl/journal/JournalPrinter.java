package org.telemetrics.ctl.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.journal.JournalEntry;

/**
 * Prints journal entries as telem_journal did: {@code %-30s %s %s %s %s} (classification, local
 * time, record id, event id, boot id), with {@code -V} a header and a total, with {@code -i} the
 * retained copy after each line. When entries carry our outcome, one more column shows it. Or one
 * JSON object per line.
 */
final class JournalPrinter {
  static final String HEADER_FORMAT = "%-30s %-27s %-32s %-32s %-36s";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);
  private static final int MAX_RETAINED = 64 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final PrintWriter out;
  private final PrintWriter err;
  private final ZoneId zone;
  private final Path retentionDir;
  private final boolean includeRecord;
  private final boolean json;
  private final boolean outcomeColumn;

  JournalPrinter(
      PrintWriter out,
      PrintWriter err,
      ZoneId zone,
      Path retentionDir,
      boolean includeRecord,
      boolean json,
      boolean outcomeColumn) {
    this.out = out;
    this.err = err;
    this.zone = zone;
    this.retentionDir = retentionDir;
    this.includeRecord = includeRecord;
    this.json = json;
    this.outcomeColumn = outcomeColumn;
  }

  void header() {
    if (json) {
      return;
    }
    String header =
        String.format(
            HEADER_FORMAT, "Classification", "Time stamp", "Record ID", "Event ID", "Boot ID");
    out.println(outcomeColumn ? header + " Outcome" : header);
  }

  void footer(int total) {
    if (!json) {
      out.printf(Locale.ROOT, "Total records: %d%n", total);
    }
  }

  void print(JournalEntry e) throws IOException {
    Optional<String> retained = includeRecord ? retained(e.recordId()) : Optional.empty();
    if (json) {
      out.println(json(e, retained));
    } else {
      String line =
          String.format(
              "%-30s %s %s %s %s",
              e.classification(), time(e.timestamp()), e.recordId(), e.eventId(), e.bootId());
      out.println(outcomeColumn ? line + " " + e.outcome().orElse("-") : line);
      retained.ifPresent(out::print);
    }
    out.flush();
  }

  String time(long epochSeconds) {
    return TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
  }

  private Optional<String> retained(String recordId) throws IOException {
    try {
      byte[] bytes = RegularFiles.readBounded(retentionDir.resolve(recordId), MAX_RETAINED);
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // as C: a missing copy is skipped
    } catch (IOException e) {
      // a damaged copy (a directory, a FIFO, too large): the other entries are still shown
      err.println("telemctl: retained copy not shown: " + FileErrors.describe(e));
      err.flush();
      return Optional.empty();
    }
  }

  private String json(JournalEntry e, Optional<String> retained) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("record_id", e.recordId());
      g.writeNumberField("timestamp", e.timestamp());
      g.writeStringField("time", Instant.ofEpochSecond(e.timestamp()).toString());
      g.writeStringField("classification", e.classification());
      g.writeStringField("event_id", e.eventId());
      g.writeStringField("boot_id", e.bootId());
      if (e.outcome().isPresent()) {
        g.writeStringField("outcome", e.outcome().get());
      } else {
        g.writeNullField("outcome");
      }
      if (retained.isPresent()) {
        g.writeStringField("record", retained.get());
      }
      g.writeEndObject();
    }
    return w.toString();
  }
}
