package org.telemetrics.ctl.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.telemetrics.ctl.systemd.UnitReport;
import org.telemetrics.status.DaemonStatus;

/** {@code telemctl status --json}: one object, numbers as numbers, absent facts as null. */
final class StatusJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
  private static final Set<String> TEXT_KEYS =
      Set.of(DaemonStatus.STATE, DaemonStatus.LAST_ERROR, DaemonStatus.LAST_DELIVERY_RECORD_ID);

  private StatusJson() {}

  static String format(StatusReport r, List<ProgramRuntime> runtimes) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeBooleanField("opted_in", r.optedIn());
      g.writeStringField("opt_in_file", r.optInFile().toString());
      g.writeObjectFieldStart("server");
      g.writeBooleanField("configured", r.server().configured());
      g.writeStringField("url", r.server().url().orElse(null));
      g.writeBooleanField("delivery_enabled", r.server().deliveryEnabled());
      g.writeEndObject();
      g.writeFieldName("units");
      if (r.units().isPresent()) {
        g.writeStartObject();
        for (UnitReport u : r.units().get()) {
          g.writeObjectFieldStart(u.state().unit());
          g.writeStringField("active_state", u.state().activeState());
          g.writeStringField("sub_state", u.state().subState());
          g.writeStringField("load_state", u.state().loadState());
          g.writeStringField("text", u.text());
          g.writeEndObject();
        }
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeFieldName("core_dumps");
      if (r.coreDumps().isPresent()) {
        g.writeStartObject();
        g.writeStringField("owner", r.coreDumps().get().owner().name().toLowerCase(Locale.ROOT));
        g.writeStringField("core_pattern", r.coreDumps().get().pattern());
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      CrashSource crash = r.crashSource();
      g.writeObjectFieldStart("crash_source");
      g.writeStringField("source", crash.source());
      if (crash.inEffect().isPresent()) {
        g.writeBooleanField("in_effect", crash.inEffect().get());
      } else {
        g.writeNullField("in_effect");
      }
      g.writeStringField("reason", crash.reason());
      g.writeEndObject();
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
      if (r.usageComplete()) {
        g.writeNumberField("used_bytes", r.usedBytes());
      } else {
        g.writeNullField("used_bytes");
      }
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
          writeValue(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      ProgramRuntimes.writeJson(g, runtimes);
      g.writeArrayFieldStart("notes");
      for (String n : r.notes()) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }

  /**
   * A status file value: whole numbers (counters, times, pid) as JSON numbers; the keys that hold
   * text stay strings whatever they say, so a key's type never changes.
   */
  private static void writeValue(JsonGenerator g, String key, String value) throws IOException {
    if (!TEXT_KEYS.contains(key) && INTEGER.matcher(value).matches()) {
      try {
        g.writeNumberField(key, Long.parseLong(value));
        return;
      } catch (NumberFormatException tooLarge) {
        // kept as text
      }
    }
    g.writeStringField(key, value);
  }

  private static void usage(JsonGenerator g, String name, DirectoryUsage u) throws IOException {
    if (!u.known()) {
      g.writeNullField(name);
      return;
    }
    g.writeObjectFieldStart(name);
    g.writeNumberField("records", u.records());
    g.writeNumberField("bytes", u.bytes());
    g.writeEndObject();
  }
}
