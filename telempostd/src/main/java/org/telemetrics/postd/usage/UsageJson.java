package org.telemetrics.postd.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.telemetrics.usage.UsageEvent;

/** One usage event as one line of JSON: {@code {...}\n}, no newline inside. */
final class UsageJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private UsageJson() {}

  static byte[] line(UsageEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    lines(List.of(e), out);
    return out.toByteArray();
  }

  /** A line per event into {@code out}, with one generator for them all. */
  static void lines(List<UsageEvent> events, ByteArrayOutputStream out) {
    // no separator of Jackson's own between root values: each line ends with ours
    try (JsonGenerator g = FACTORY.createGenerator(out).setRootValueSeparator(null)) {
      for (UsageEvent e : events) {
        write(g, e);
        g.flush();
        out.write('\n');
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // a byte array does not fail
    }
  }

  private static void write(JsonGenerator g, UsageEvent e) throws IOException {
    g.writeStartObject();
    g.writeNumberField("started", e.started());
    g.writeNumberField("total_time", e.totalTime());
    if (e.waitingTime() == null) {
      g.writeNullField("waiting_time");
    } else {
      g.writeNumberField("waiting_time", e.waitingTime());
    }
    g.writeNumberField("total_bytes", e.totalBytes());
    g.writeStringField("outcome", e.outcome().label());
    if (e.reason() != null) {
      g.writeStringField("reason", e.reason());
    }
    g.writeNumberField("attempts", e.attempts());
    g.writeStringField("classification", e.classification());
    g.writeNumberField("severity", e.severity());
    g.writeEndObject();
  }
}
