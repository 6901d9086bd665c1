package org.telemetrics.postd.otlp;

/**
 * Writes a {@link LogsRequest} as the protobuf {@code ExportLogsServiceRequest} of
 * opentelemetry-proto ({@code collector/logs/v1}, {@code logs/v1}, {@code common/v1}, {@code
 * resource/v1}); the field numbers are theirs. Tests decode the output with the generated classes.
 */
final class ProtobufLogsEncoder {
  private ProtobufLogsEncoder() {}

  static byte[] encode(LogsRequest request) {
    ProtoWriter out = new ProtoWriter();
    for (LogsRequest.Resource r : request.resources()) {
      out.message(1, resourceLogs(r)); // ExportLogsServiceRequest.resource_logs
    }
    return out.toByteArray();
  }

  private static ProtoWriter resourceLogs(LogsRequest.Resource r) {
    ProtoWriter resource = new ProtoWriter();
    for (LogsRequest.Attribute a : r.attributes()) {
      resource.message(1, keyValue(a)); // Resource.attributes
    }
    ProtoWriter out = new ProtoWriter().message(1, resource); // ResourceLogs.resource
    for (LogsRequest.Scope s : r.scopes()) {
      out.message(2, scopeLogs(s)); // ResourceLogs.scope_logs
    }
    return out;
  }

  private static ProtoWriter scopeLogs(LogsRequest.Scope s) {
    ProtoWriter out =
        new ProtoWriter()
            .message(1, new ProtoWriter().string(1, s.name())); // ScopeLogs.scope (name)
    for (LogsRequest.LogRecord r : s.records()) {
      out.message(2, logRecord(r)); // ScopeLogs.log_records
    }
    return out;
  }

  private static ProtoWriter logRecord(LogsRequest.LogRecord r) {
    ProtoWriter out =
        new ProtoWriter()
            .fixed64(1, r.timeUnixNano())
            .varint(2, r.severityNumber())
            .string(3, r.severityText())
            .message(5, new ProtoWriter().string(1, r.body())); // body: AnyValue.string_value
    for (LogsRequest.Attribute a : r.attributes()) {
      out.message(6, keyValue(a));
    }
    return out.fixed64(11, r.observedTimeUnixNano());
  }

  /** {@code KeyValue}: key 1, value 2 ({@code AnyValue}: string_value 1, int_value 3). */
  private static ProtoWriter keyValue(LogsRequest.Attribute a) {
    ProtoWriter value = new ProtoWriter();
    if (a.numeric()) {
      value.varint(3, a.number());
    } else {
      value.string(1, a.text());
    }
    return new ProtoWriter().string(1, a.key()).message(2, value);
  }
}
