package org.telemetrics.postd.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telemetrics.Version;
import org.telemetrics.spool.SpoolEntry;

/** What telempostd writes as OTLP, read back with the generated classes of opentelemetry-proto. */
class LogsEncodingTest {
  private static final String ID1 = "11111111111111111111111111111111";
  private static final String ID2 = "22222222222222222222222222222222";
  private static final String ID3 = "33333333333333333333333333333333";

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void oneRecordBecomesOneLogRecordWithTheDocumentedMapping(boolean json) throws Exception {
    SpoolEntry e = OtlpRecords.entry(ID1, "org.clearlinux/crash/clr", 3, "backtrace\n#0 main ü");

    ExportLogsServiceRequest req = encodeAndDecode(List.of(e), json);

    assertThat(req.getResourceLogsCount()).isEqualTo(1);
    ResourceLogs rl = req.getResourceLogs(0);
    assertThat(OtlpRecords.attributes(rl.getResource().getAttributesList()))
        .containsExactly(
            entry("service.name", "telemetrics-java"),
            entry("service.version", Version.number()),
            entry("host.id", OtlpRecords.MACHINE),
            entry("host.arch", "amd64"),
            entry("os.type", "linux"),
            entry("os.name", "debian"),
            entry("os.version", "12"),
            entry("telemetrics.kernel_version", "6.18.44-fc-v657"),
            entry("telemetrics.host_type", "QEMU|Standard PC (Q35)|pc-q35-8.2"),
            entry("telemetrics.board_name", "no_bn_file|no_bv_file"),
            entry("telemetrics.cpu_model", "AMD EPYC 7B13 64-Core"),
            entry("telemetrics.bios_version", "1.16.3-debian"));
    ScopeLogs sl = rl.getScopeLogs(0);
    assertThat(sl.getScope().getName()).isEqualTo("org.clearlinux/crash");
    LogRecord lr = sl.getLogRecords(0);
    assertThat(lr.getTimeUnixNano())
        .isEqualTo(Long.parseLong(e.record().creationTimestamp()) * 1_000_000_000L);
    assertThat(lr.getObservedTimeUnixNano()).isEqualTo(1_795_347_986_123_000_000L);
    assertThat(lr.getSeverityNumberValue()).isEqualTo(17);
    assertThat(lr.getSeverityText()).isEqualTo("ERROR");
    assertThat(lr.getBody().getStringValue()).isEqualTo("backtrace\n#0 main ü");
    assertThat(OtlpRecords.attributes(lr.getAttributesList()))
        .containsExactly(
            entry("telemetrics.classification", "org.clearlinux/crash/clr"),
            entry("telemetrics.event_id", e.record().eventId()),
            entry("telemetrics.record_id", ID1),
            entry("telemetrics.payload_format_version", "1"));
  }

  @Test
  void severitiesOneToFourAreInfoWarnErrorFatal() throws Exception {
    List<SpoolEntry> entries =
        List.of(
            OtlpRecords.entry(ID1, "org.example/p/a", 1, "1"),
            OtlpRecords.entry(ID2, "org.example/p/a", 2, "2"),
            OtlpRecords.entry(ID3, "org.example/p/a", 4, "4"));

    List<LogRecord> records =
        encodeAndDecode(entries, false).getResourceLogs(0).getScopeLogs(0).getLogRecordsList();

    assertThat(records).extracting(LogRecord::getSeverityNumberValue).containsExactly(9, 13, 21);
    assertThat(records)
        .extracting(LogRecord::getSeverityText)
        .containsExactly("INFO", "WARN", "FATAL");
  }

  @Test
  void recordsOfOneMachineShareAResourceAndAreGroupedByProbe() throws Exception {
    SpoolEntry other =
        new SpoolEntry(
            ID3,
            5,
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            OtlpRecords.entry(ID3, "org.example/hello/x", 1, "c")
                .record()
                .withMachineId("fedcba9876543210fedcba9876543210"),
            org.telemetrics.spool.SpoolFileFormat.Kind.NATIVE);
    List<SpoolEntry> entries =
        List.of(
            OtlpRecords.entry(ID1, "org.example/hello/x", 1, "a"),
            OtlpRecords.entry(ID2, "org.example/crash/y", 1, "b"),
            other);

    ExportLogsServiceRequest req = encodeAndDecode(entries, true);

    assertThat(req.getResourceLogsCount()).isEqualTo(2);
    assertThat(req.getResourceLogs(0).getScopeLogsList())
        .extracting(s -> s.getScope().getName())
        .containsExactly("org.example/hello", "org.example/crash");
    assertThat(OtlpRecords.attributes(req.getResourceLogs(1).getResource().getAttributesList()))
        .containsEntry("host.id", "fedcba9876543210fedcba9876543210");
    assertThat(req.getResourceLogs(1).getScopeLogs(0).getLogRecords(0).getBody().getStringValue())
        .isEqualTo("c");
  }

  @Test
  void jsonIsTheOtlpMappingWithLowerCamelCaseKeysEnumNumbersAndInt64AsStrings() {
    SpoolEntry e = OtlpRecords.entry(ID1, "org.example/hello/x", 2, "hi \"there\"");

    String json =
        new String(JsonLogsEncoder.encode(LogsMapping.map(List.of(e))), StandardCharsets.UTF_8);

    assertThat(json)
        .startsWith("{\"resourceLogs\":[{\"resource\":{\"attributes\":[")
        .contains("\"scopeLogs\":[{\"scope\":{\"name\":\"org.example/hello\"},\"logRecords\":[")
        .contains("\"observedTimeUnixNano\":\"1795347986123000000\"")
        .contains("\"severityNumber\":13,\"severityText\":\"WARN\"")
        .contains("\"body\":{\"stringValue\":\"hi \\\"there\\\"\"}")
        .contains(
            "{\"key\":\"telemetrics.payload_format_version\",\"value\":{\"intValue\":\"1\"}}");
  }

  @Test
  void kernelMachineNamesBecomeOpenTelemetryHostArchValues() {
    assertThat(List.of("x86_64", "aarch64", "i686", "armv7l", "ppc64le", "s390x", "riscv64"))
        .extracting(LogsMapping::hostArch)
        .containsExactly("amd64", "arm64", "x86", "arm32", "ppc64", "s390x", "riscv64");
  }

  private static ExportLogsServiceRequest encodeAndDecode(List<SpoolEntry> entries, boolean json)
      throws Exception {
    OtlpExchange exchange = new OtlpExchange(new OtlpSettings(json, false, 100, 1 << 20));
    OtlpExchange.Body body = exchange.body(entries);
    assertThat(body.contentType()).isEqualTo(json ? "application/json" : "application/x-protobuf");
    return OtlpRecords.decode(body.bytes(), false, json);
  }
}
