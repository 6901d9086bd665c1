package org.telemetrics.postd.otlp;

import java.util.List;
import java.util.Objects;

/**
 * An OTLP {@code ExportLogsServiceRequest} as telempostd fills it: what {@link LogsMapping} makes
 * of queued records, and what the protobuf and JSON encoders write. Only the fields we set exist
 * here.
 */
record LogsRequest(List<Resource> resources) {
  LogsRequest {
    resources = List.copyOf(resources);
  }

  /**
   * A string or integer attribute ({@code KeyValue} with a {@code stringValue} or {@code
   * intValue}).
   */
  record Attribute(String key, String text, long number, boolean numeric) {
    Attribute {
      Objects.requireNonNull(key);
      Objects.requireNonNull(text);
    }

    static Attribute text(String key, String value) {
      return new Attribute(key, value, 0, false);
    }

    static Attribute number(String key, long value) {
      return new Attribute(key, "", value, true);
    }
  }

  /** {@code ResourceLogs}: one machine as its records describe it, and its probes' records. */
  record Resource(List<Attribute> attributes, List<Scope> scopes) {
    Resource {
      attributes = List.copyOf(attributes);
      scopes = List.copyOf(scopes);
    }
  }

  /** {@code ScopeLogs}: the records of one probe. */
  record Scope(String name, List<LogRecord> records) {
    Scope {
      records = List.copyOf(records);
    }
  }

  /** {@code LogRecord}: one telemetry record. */
  record LogRecord(
      long timeUnixNano,
      long observedTimeUnixNano,
      int severityNumber,
      String severityText,
      String body,
      List<Attribute> attributes) {
    LogRecord {
      attributes = List.copyOf(attributes);
    }
  }
}
