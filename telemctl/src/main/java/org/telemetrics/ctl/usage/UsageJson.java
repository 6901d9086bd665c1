package org.telemetrics.ctl.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code telemctl usage --json}: one object, numbers as numbers. {@code today} has the day's
 * records by classification; {@code since_boot} and {@code all_time} are the writer's running
 * totals, by outcome and (from a database that keeps them) by classification and outcome.
 */
final class UsageJson {
  private static final JsonFactory JSON = new JsonFactory();

  private UsageJson() {}

  static String format(UsageSummary s) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("database", s.database().toString());
      g.writeFieldName("blur_usage");
      if (s.blurSeconds().isPresent()) {
        g.writeNumber(s.blurSeconds().getAsLong());
      } else {
        g.writeNull();
      }
      DayUsage today = s.today();
      g.writeObjectFieldStart("today");
      g.writeStringField("date", today.day().toString());
      tallyFields(g, today.total());
      classifications(g, today.sorted());
      g.writeEndObject();
      g.writeObjectFieldStart("since_boot");
      tallyFields(g, s.sinceBoot());
      if (s.sinceBootByClass().isPresent()) {
        classifications(g, s.sinceBootByClass().get());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("all_time");
      tallyFields(g, s.allTime());
      if (s.allTimeByClass().isPresent()) {
        classifications(g, s.allTimeByClass().get());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("current");
      g.writeNumberField("records_queued", s.queue().recordsQueued());
      g.writeNumberField("bytes_queued", s.queue().bytesQueued());
      g.writeNumberField("in_flight", s.queue().inFlight());
      g.writeNumberField("oldest_queued_age", s.queue().oldestQueuedAgeSeconds());
      g.writeFieldName("updated");
      if (s.queue().updated().isPresent()) {
        g.writeNumber(s.queue().updated().getAsLong());
      } else {
        g.writeNull();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w + "\n";
  }

  private static void classifications(JsonGenerator g, Map<String, Tally> byClass)
      throws IOException {
    g.writeObjectFieldStart("classifications");
    for (Map.Entry<String, Tally> e : byClass.entrySet()) {
      g.writeObjectFieldStart(e.getKey());
      tallyFields(g, e.getValue());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void tallyFields(JsonGenerator g, Tally t) throws IOException {
    g.writeNumberField("records", t.records());
    g.writeNumberField("bytes", t.bytes());
    g.writeObjectFieldStart("outcomes");
    for (Map.Entry<String, Long> e : t.outcomes().entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
