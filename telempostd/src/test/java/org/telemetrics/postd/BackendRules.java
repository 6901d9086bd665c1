package org.telemetrics.postd;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every validation rule of the public telemetrics-backend collector (report_handler.py and
 * validation.py at its last commit), in its order; the first failure wins, as there. Returns
 * the collector's 400 message, or empty for a request it stores (201).
 */
final class BackendRules {
  static final String DEFAULT_TID = "6907c830-eed9-4ce9-81ae-76daf8d88f0f";
  private static final List<String> ARCHES = List.of("armv7l", "armv6l", "aarch64", "amd64",
      "sparc64", "ppc64", "i686", "i386", "x86_64", "ppc");
  private static final Pattern CLEAR_BUILD = Pattern.compile("^[0-9]+$");
  private static final Pattern OTHER_BUILD = Pattern.compile("^[-_a-zA-Z0-9.]+$");

  private BackendRules() {}

  /** Headers as the WSGI app sees them: names case-insensitive and '_' the same as '-'. */
  static Optional<String> check(Map<String, String> rawHeaders, byte[] body, String tid) {
    Map<String, String> h = new TreeMap<>();
    rawHeaders.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT).replace('_', '-'), v));
    if (!tid.equals(h.get("x-telemetry-tid"))) {
      return Optional.of("Telemetry ID mismatch");
    }
    String rfv = h.get("record-format-version");
    if (rfv == null || !isDigits(rfv) || rfv.length() > 3
        || Integer.parseInt(rfv) < 1 || Integer.parseInt(rfv) > 4) {
      return Optional.of("Record-Format-Version is invalid");
    }
    int version = Integer.parseInt(rfv);
    for (String name : required(version)) {
      if (!h.containsKey(name.toLowerCase(Locale.ROOT))) {
        return Optional.of("Record-Format-Version headers are invalid, " + name + " missing");
      }
    }
    String severity = h.get("severity");
    if (!isDigits(severity) || severity.length() > 3
        || Integer.parseInt(severity) < 1 || Integer.parseInt(severity) > 4) {
      return Optional.of("severity value is out of range");
    }
    if (h.get("classification").split("/", -1).length != 3) {
      return Optional.of("Classification value is invalid");
    }
    if (h.get("machine-id").length() > 32) {
      return Optional.of("Machine id value is invalid");
    }
    if (!isDigits(h.get("creation-timestamp"))) {
      return Optional.of("timestamp is invalid");
    }
    if (!ARCHES.contains(h.get("arch"))) {
      return Optional.of("architecture is invalid");
    }
    if (h.get("host-type").length() >= 250) {
      return Optional.of("host type is invalid");
    }
    String[] kv = h.get("kernel-version").split("\\.", -1);
    if (kv.length < 3 || !isDigits(kv[0]) || !isDigits(kv[1])) {
      return Optional.of("kernel version is invalid");
    }
    if (version >= 3) {
      for (String name : List.of("board-name", "cpu-model", "bios-version")) {
        String v = h.get(name);
        if (v.length() >= 200 || !pythonPrintable(v)) {
          return Optional.of(name + " is invalid");
        }
      }
    }
    if (version >= 4) {
      String id = h.get("event-id");
      if (id.length() != 32 || !id.chars().allMatch(c -> "0123456789abcdef".indexOf(c) >= 0)) {
        return Optional.of("Event id is invalid");
      }
    }
    String build = stripQuotes(h.get("build"));
    String system = version >= 2 ? stripQuotes(h.get("system-name")) : "";
    Pattern buildRule = "clear-linux-os".equals(system) ? CLEAR_BUILD : OTHER_BUILD;
    if (!buildRule.matcher(build).matches()) {
      return Optional.of("Build version is invalid");
    }
    if (version >= 2) {
      try {
        if (Long.parseLong(h.get("payload-format-version").strip()) >= 2147483647L) {
          return Optional.of("Error parsing payload_format_version, too large");
        }
      } catch (NumberFormatException e) {
        return Optional.of("Error parsing payload_format_version, not an integer");
      }
    }
    // The body is decoded as UTF-8, falling back to Latin-1: every byte sequence is accepted.
    new String(body, StandardCharsets.UTF_8);
    return Optional.empty();
  }

  static List<String> required(int version) {
    List<String> v1 = List.of("Arch", "Build", "Creation-Timestamp", "Classification",
        "Host-Type", "Kernel-Version", "Machine-Id", "Severity", "Record-Format-Version");
    List<String> v2 = concat(v1, List.of("Payload-Format-Version", "System-Name",
        "X-Telemetry-TID"));
    List<String> v3 = concat(v2, List.of("Board-Name", "Bios-Version", "Cpu-Model"));
    List<String> v4 = concat(v3, List.of("Event-Id"));
    return switch (version) {
      case 1 -> v1;
      case 2 -> v2;
      case 3 -> v3;
      default -> v4;
    };
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static boolean isDigits(String s) {
    return s != null && !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Python's string.printable: digits, ASCII letters, punctuation and whitespace. */
  private static boolean pythonPrintable(String s) {
    return s.chars().allMatch(c -> (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n'
        || c == '\r' || c == 0x0b || c == 0x0c);
  }

  private static String stripQuotes(String s) {
    return s == null ? "" : s.replace("\"", "").replace("'", "");
  }
}
