package org.telemetrics.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.telemetrics.status.LatencyHistogram;

/**
 * The model as JSON: {@code {"metrics":[{"name", "type", "help", "unit", "samples":[{"labels",
 * "value", "created_ms"}]}]}}; values are JSON numbers (integers for whole-number metrics). A
 * histogram's sample has {@code "count"}, {@code "sum"} (seconds) and {@code "buckets"} in place of
 * {@code "value"}.
 */
public final class JsonFormat {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonFormat() {}

  public static String write(MetricsModel model) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("metrics");
      for (Metric m : model.metrics()) {
        g.writeStartObject();
        g.writeStringField("name", m.name());
        g.writeStringField("type", m.type().name().toLowerCase(Locale.ROOT));
        g.writeStringField("help", m.help());
        if (m.unit() != Metric.Unit.NONE) {
          g.writeStringField("unit", m.unit().name().toLowerCase(Locale.ROOT));
        }
        g.writeArrayFieldStart("samples");
        for (Sample s : m.samples()) {
          g.writeStartObject();
          g.writeObjectFieldStart("labels");
          for (var l : s.labels().entrySet()) {
            g.writeStringField(l.getKey(), l.getValue());
          }
          g.writeEndObject();
          if (s.isHistogram()) {
            histogram(g, s.histogram());
          } else if (m.integral()) {
            g.writeFieldName("value");
            g.writeNumber((long) s.value());
          } else {
            g.writeFieldName("value");
            g.writeNumber(s.value());
          }
          if (s.createdMillis() > 0) {
            g.writeNumberField("created_ms", s.createdMillis());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.append('\n').toString();
  }

  /** Cumulative buckets as {@code [{"le": 0.5, "count": 3}, ..., {"le": "+Inf", "count": n}]}. */
  private static void histogram(JsonGenerator g, LatencyHistogram.Values h) throws IOException {
    g.writeNumberField("count", h.count());
    g.writeNumberField("sum", h.sumSeconds()); // finite: Sample checks it
    g.writeArrayFieldStart("buckets");
    for (int i = 0; i < h.bounds().size(); i++) {
      g.writeStartObject();
      g.writeNumberField("le", h.bounds().get(i));
      g.writeNumberField("count", h.cumulative().get(i));
      g.writeEndObject();
    }
    g.writeStartObject();
    g.writeStringField("le", "+Inf"); // JSON has no infinite number
    g.writeNumberField("count", h.count());
    g.writeEndObject();
    g.writeEndArray();
  }
}
