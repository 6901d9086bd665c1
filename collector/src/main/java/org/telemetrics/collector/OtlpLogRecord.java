package org.telemetrics.collector;

import java.util.Map;

/**
 * One OTLP log record as the collector reads it, with its resource's attributes and its scope's
 * name; attribute values as text (an int value as its digits), a body that is not a string as null.
 */
record OtlpLogRecord(
    Map<String, String> resource,
    String scope,
    long timeUnixNano,
    long observedTimeUnixNano,
    int severityNumber,
    String body,
    Map<String, String> attributes) {
  OtlpLogRecord {
    resource = Map.copyOf(resource);
    attributes = Map.copyOf(attributes);
  }
}
