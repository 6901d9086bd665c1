package org.telemetrics.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The model as JSON: {@code {"metrics":[{"name", "type", "help", "unit", "samples":[{"labels",
 * "value", "created_ms"}]}]}}; values are JSON numbers (integers for whole-number metrics).
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
          g.writeFieldName("value");
          if (m.integral()) {
            g.writeNumber((long) s.value());
          } else {
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
}
