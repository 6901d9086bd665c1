package org.telemetrics.postd.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telemetrics.Version;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;

/**
 * How telemetry records become OpenTelemetry log records (docs/protocol.md, "post_format=otlp"):
 * the machine's headers are resource attributes, the probe (the classification's first two
 * segments) is the scope, and each record is one log record. Records of one request that describe
 * different machines (a machine id renewed meanwhile, a record from the C client) get a resource
 * each. Pure: no I/O, no clock.
 */
final class LogsMapping {
  static final String SERVICE_NAME = "telemetrics-java";

  /** Read once: {@link Version#number} reads a resource from the jar at every call. */
  private static final String SERVICE_VERSION = Version.number();

  private static final int[] SEVERITY_NUMBERS = {9, 13, 17, 21};
  private static final String[] SEVERITY_TEXTS = {"INFO", "WARN", "ERROR", "FATAL"};

  private LogsMapping() {}

  static LogsRequest map(List<SpoolEntry> entries) {
    Map<List<LogsRequest.Attribute>, Map<String, List<LogsRequest.LogRecord>>> byResource =
        new LinkedHashMap<>();
    for (SpoolEntry e : entries) {
      byResource
          .computeIfAbsent(resource(e.record()), k -> new LinkedHashMap<>())
          .computeIfAbsent(scope(e.record()), k -> new ArrayList<>())
          .add(logRecord(e));
    }
    List<LogsRequest.Resource> resources = new ArrayList<>();
    byResource.forEach(
        (attributes, scopes) -> {
          List<LogsRequest.Scope> list = new ArrayList<>();
          scopes.forEach((name, records) -> list.add(new LogsRequest.Scope(name, records)));
          resources.add(new LogsRequest.Resource(attributes, list));
        });
    return new LogsRequest(resources);
  }

  static List<LogsRequest.Attribute> resource(TelemetryRecord r) {
    return List.of(
        LogsRequest.Attribute.text("service.name", SERVICE_NAME),
        LogsRequest.Attribute.text("service.version", SERVICE_VERSION),
        LogsRequest.Attribute.text("host.id", r.machineId()),
        LogsRequest.Attribute.text("host.arch", hostArch(r.arch())),
        LogsRequest.Attribute.text("os.type", "linux"),
        LogsRequest.Attribute.text("os.name", r.systemName()),
        LogsRequest.Attribute.text("os.version", r.build()),
        LogsRequest.Attribute.text("telemetrics.kernel_version", r.kernelVersion()),
        LogsRequest.Attribute.text("telemetrics.host_type", r.hostType()),
        LogsRequest.Attribute.text("telemetrics.board_name", r.boardName()),
        LogsRequest.Attribute.text("telemetrics.cpu_model", r.cpuModel()),
        LogsRequest.Attribute.text("telemetrics.bios_version", r.biosVersion()));
  }

  /** The probe: {@code org.clearlinux/crash} of {@code org.clearlinux/crash/clr}. */
  static String scope(TelemetryRecord r) {
    String c = r.classification();
    int last = c.lastIndexOf('/');
    return last > 0 ? c.substring(0, last) : c;
  }

  static LogsRequest.LogRecord logRecord(SpoolEntry e) {
    TelemetryRecord r = e.record();
    int level = Math.max(1, Math.min(4, (int) number(r.severity())));
    return new LogsRequest.LogRecord(
        number(r.creationTimestamp()) * 1_000_000_000L,
        e.receivedAtMillis() * 1_000_000L,
        SEVERITY_NUMBERS[level - 1],
        SEVERITY_TEXTS[level - 1],
        r.payload(),
        List.of(
            LogsRequest.Attribute.text("telemetrics.classification", r.classification()),
            LogsRequest.Attribute.text("telemetrics.event_id", r.eventId()),
            LogsRequest.Attribute.text("telemetrics.record_id", e.recordId()),
            LogsRequest.Attribute.number(
                "telemetrics.payload_format_version", number(r.payloadFormatVersion()))));
  }

  /**
   * OpenTelemetry's {@code host.arch} values for the kernel's machine names; a name it has no value
   * for is passed as the kernel says it.
   */
  static String hostArch(String machine) {
    return switch (machine) {
      case "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "i386", "i486", "i586", "i686" -> "x86";
      case "armv7l", "armv6l", "arm" -> "arm32";
      case "ppc64", "ppc64le" -> "ppc64";
      case "ppc" -> "ppc32";
      case "s390x" -> "s390x";
      case "ia64" -> "ia64";
      default -> machine;
    };
  }

  /** A header of digits (records are checked at intake); 0 when it is not one. */
  private static long number(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
