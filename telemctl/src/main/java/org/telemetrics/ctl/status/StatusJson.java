package org.telemetrics.ctl.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** {@code telemctl status --json}: one object, numbers as numbers, absent facts as null. */
final class StatusJson {
  private static final JsonFactory JSON = new JsonFactory();

  private StatusJson() {}

  static String format(StatusReport r) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeBooleanField("opted_in", r.optedIn());
      g.writeStringField("opt_in_file", r.optInFile().toString());
      g.writeFieldName("units");
      if (r.units().isPresent()) {
        g.writeStartObject();
        for (Map.Entry<String, String> e : r.units().get().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeObjectFieldStart("status_texts");
      for (Map.Entry<String, String> e : r.statusTexts().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      usage(g, "staged", r.staged());
      usage(g, "c_staged", r.cStaged());
      usage(g, "queued", r.queued());
      usage(g, "dead_letters", r.deadLetters());
      usage(g, "quarantined", r.quarantined());
      g.writeObjectFieldStart("spool_quota");
      g.writeNumberField("used_bytes", r.usedBytes());
      g.writeNumberField("limit_kib", r.quotaKib());
      g.writeEndObject();
      g.writeFieldName("last_delivery");
      if (r.lastDelivery().isPresent()) {
        StatusReport.Delivery d = r.lastDelivery().get();
        g.writeStartObject();
        g.writeNumberField("time_ms", d.timeMillis());
        g.writeStringField("record_id", d.recordId().orElse(null));
        g.writeStringField("source", d.fromJournal() ? "journal" : "status");
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeFieldName("last_error");
      if (r.lastError().isPresent()) {
        StatusReport.Failure f = r.lastError().get();
        g.writeStartObject();
        g.writeFieldName("time_ms");
        if (f.timeMillis().isPresent()) {
          g.writeNumber(f.timeMillis().get());
        } else {
          g.writeNull();
        }
        g.writeStringField("message", f.message());
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeStringField("status_file", r.statusFile().toString());
      g.writeFieldName("telempostd");
      if (r.postd().isPresent()) {
        g.writeStartObject();
        for (Map.Entry<String, String> e : r.postd().get().values().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }

  private static void usage(JsonGenerator g, String name, DirectoryUsage u) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("records", u.records());
    g.writeNumberField("bytes", u.bytes());
    g.writeEndObject();
  }
}
