package org.telemetrics.collector;

import java.util.Optional;

/**
 * A log record of telempostd's OTLP mapping (docs/protocol.md) turned back into the headers of the
 * telemetry record it carries, so the backend's rules check it as they check the other formats. A
 * field the log record lacks is left out, and the rules then name it as missing.
 */
final class OtlpRecordHeaders {
  private OtlpRecordHeaders() {}

  static BackendHeaders of(OtlpLogRecord r, Optional<String> tid) {
    BackendHeaders.Builder b = BackendHeaders.builder();
    tid.ifPresent(v -> b.add(BackendRules.TID_HEADER, v));
    b.add("Record-Format-Version", "4");
    put(b, "Classification", r.attributes().get("telemetrics.classification"));
    b.add("Severity", Integer.toString(severity(r.severityNumber())));
    put(b, "Machine-Id", r.resource().get("host.id"));
    if (r.timeUnixNano() != 0) {
      b.add("Creation-Timestamp", Long.toUnsignedString(r.timeUnixNano() / 1_000_000_000L));
    }
    put(b, "Arch", arch(r.resource().get("host.arch")));
    put(b, "Host-Type", r.resource().get("telemetrics.host_type"));
    put(b, "Build", r.resource().get("os.version"));
    put(b, "Kernel-Version", r.resource().get("telemetrics.kernel_version"));
    put(b, "Payload-Format-Version", r.attributes().get("telemetrics.payload_format_version"));
    put(b, "System-Name", r.resource().get("os.name"));
    put(b, "Board-Name", r.resource().get("telemetrics.board_name"));
    put(b, "Cpu-Model", r.resource().get("telemetrics.cpu_model"));
    put(b, "Bios-Version", r.resource().get("telemetrics.bios_version"));
    put(b, "Event-Id", r.attributes().get("telemetrics.event_id"));
    put(b, CollectedRecord.RECORD_ID_HEADER, r.attributes().get("telemetrics.record_id"));
    return b.build();
  }

  private static void put(BackendHeaders.Builder b, String name, String value) {
    if (value != null) {
      b.add(name, value);
    }
  }

  /** OpenTelemetry severity numbers 9..24 are severities 1..4; any other is 0 (refused). */
  static int severity(int number) {
    return number >= 9 && number <= 24 ? (number - 9) / 4 + 1 : 0;
  }

  /** The kernel's machine name for OpenTelemetry's {@code host.arch}, as the backend knows it. */
  static String arch(String hostArch) {
    if (hostArch == null) {
      return null;
    }
    return switch (hostArch) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      case "x86" -> "i686";
      case "arm32" -> "armv7l";
      case "ppc32" -> "ppc";
      default -> hostArch;
    };
  }
}
