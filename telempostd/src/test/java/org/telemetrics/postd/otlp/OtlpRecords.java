package org.telemetrics.postd.otlp;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;

/** Records to send, and requests decoded with the generated OTLP classes, for the tests. */
final class OtlpRecords {
  static final HostInfo HOST =
      new HostInfo(
          "x86_64",
          "QEMU|Standard PC (Q35)|pc-q35-8.2",
          "12",
          "6.18.44-fc-v657",
          "debian",
          "no_bn_file|no_bv_file",
          "AMD EPYC 7B13 64-Core",
          "1.16.3-debian");
  static final String MACHINE = "0123456789abcdef0123456789abcdef";

  private OtlpRecords() {}

  static SpoolEntry entry(String id, String classification, int severity, String payload) {
    TelemetryRecord r =
        RecordBuilder.create(classification, HOST)
            .severity(severity)
            .payload(payload)
            .build()
            .withMachineId(MACHINE);
    return SpoolEntry.of(id, 1_795_347_986_123L, r);
  }

  /** A request body as sent: gunzipped if it was, then protobuf or OTLP JSON. */
  static ExportLogsServiceRequest decode(byte[] body, boolean gzip, boolean json)
      throws IOException {
    byte[] plain = body;
    if (gzip) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        plain = in.readAllBytes();
      }
    }
    if (!json) {
      return ExportLogsServiceRequest.parseFrom(plain);
    }
    ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
    JsonFormat.parser().merge(new String(plain, StandardCharsets.UTF_8), b);
    return b.build();
  }

  /** Attributes as key → string (an int value as its decimal digits). */
  static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> m = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      AnyValue v = kv.getValue();
      m.put(kv.getKey(), v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue());
    }
    return m;
  }
}
