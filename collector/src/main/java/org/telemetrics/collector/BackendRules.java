package org.telemetrics.collector;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks the public telemetrics-backend collector runs on a posted record, in its order; the
 * first failure is the answer (HTTP 400 with its message). Pure: no I/O, no server.
 *
 * <p>Where the backend itself crashes (answers 500) on a malformed record, these rules reject it
 * with a 400 and a clear message instead, so whatever they accept the backend stores too: a
 * record-format-version with leading zeros (the backend then skips the per-version checks), a
 * {@code Creation-Timestamp} of superscript digits, a version 1 record without {@code System-Name}.
 */
public final class BackendRules {
  /** The backend's default telemetry id, also the C client's default {@code tidheader}. */
  public static final String DEFAULT_TID = "6907c830-eed9-4ce9-81ae-76daf8d88f0f";

  public static final String TID_HEADER = "X-Telemetry-TID";

  static final List<String> REQUIRED_V1 =
      List.of(
          "Arch",
          "Build",
          "Creation-Timestamp",
          "Classification",
          "Host-Type",
          "Kernel-Version",
          "Machine-Id",
          "Severity",
          "Record-Format-Version");
  static final List<String> REQUIRED_V2 =
      List.of("Payload-Format-Version", "System-Name", "X-Telemetry-Tid");
  static final List<String> REQUIRED_V3 = List.of("Board-Name", "Bios-Version", "Cpu-Model");
  static final List<String> REQUIRED_V4 = List.of("Event-Id");

  static final Set<String> ARCHITECTURES =
      Set.of(
          "armv7l", "armv6l", "aarch64", "amd64", "sparc64", "ppc64", "i686", "i386", "x86_64",
          "ppc");
  private static final BigInteger POSTGRES_INT_MAX = BigInteger.valueOf(2147483647L);
  private static final Pattern CLEAR_BUILD = Pattern.compile("[0-9]+\n?");
  private static final Pattern OTHER_BUILD = Pattern.compile("[-_a-zA-Z0-9.]+\n?");

  private final String tid;

  public BackendRules(String tid) {
    this.tid = Objects.requireNonNull(tid, "tid");
  }

  /** Rules with the backend's default telemetry id. */
  public static BackendRules withDefaultTid() {
    return new BackendRules(DEFAULT_TID);
  }

  public String tid() {
    return tid;
  }

  /** The backend's message for the first rule the headers break, or empty if it accepts them. */
  public Optional<String> firstViolation(BackendHeaders h) {
    try {
      check(h);
      return Optional.empty();
    } catch (Violation v) {
      return Optional.of(v.getMessage());
    }
  }

  /** Convenience for {@code Name: value} lines. */
  public Optional<String> firstViolation(List<String> headerLines) {
    return firstViolation(BackendHeaders.ofLines(headerLines));
  }

  private void check(BackendHeaders h) {
    if (!tid.equals(h.valueOrNull(TID_HEADER))) {
      throw new Violation("Telemetry ID mismatch");
    }

    String rfv = h.valueOrNull("Record-Format-Version");
    int version = recordFormatVersion(rfv);
    requireHeaders(h, REQUIRED_V1);
    if (version >= 2) {
      requireHeaders(h, REQUIRED_V2);
    }
    if (version >= 3) {
      requireHeaders(h, REQUIRED_V3);
    }
    if (version >= 4) {
      requireHeaders(h, REQUIRED_V4);
    }

    String severity = h.valueOrNull("Severity");
    if (!PyText.isDigit(severity)) {
      throw new Violation("severity value is out of range");
    }
    BigInteger sev = pyInt("severity", severity);
    if (sev.compareTo(BigInteger.ONE) < 0 || sev.compareTo(BigInteger.valueOf(4)) > 0) {
      throw new Violation("severity value is out of range");
    }

    if (h.valueOrNull("Classification").split("/", -1).length != 3) {
      throw new Violation("Classification value is invalid");
    }
    if (h.valueOrNull("Machine-Id").length() > 32) {
      throw new Violation("Machine id value is invalid");
    }
    String timestamp = h.valueOrNull("Creation-Timestamp");
    if (!PyText.isDigit(timestamp)) {
      throw new Violation("timestamp is invalid");
    }
    try {
      PyText.parseInt(timestamp);
    } catch (PyText.ValueError e) {
      throw new Violation("timestamp is invalid");
    }
    if (!ARCHITECTURES.contains(h.valueOrNull("Arch"))) {
      throw new Violation("architecture is invalid");
    }
    if (h.valueOrNull("Host-Type").length() >= 250) {
      throw new Violation("host type is invalid");
    }
    if (!validKernelVersion(h.valueOrNull("Kernel-Version"))) {
      throw new Violation("kernel version is invalid");
    }

    if (version >= 3) {
      requirePrintable(h.valueOrNull("Board-Name"), "board name is invalid");
      requirePrintable(h.valueOrNull("Cpu-Model"), "cpu model is invalid");
      requirePrintable(h.valueOrNull("Bios-Version"), "BIOS version is invalid");
    }
    if (version >= 4 && !validEventId(h.valueOrNull("Event-Id"))) {
      throw new Violation("Event id is invalid");
    }

    String systemName = h.valueOrNull("System-Name");
    if (systemName == null) {
      throw new Violation("System-Name missing");
    }
    String build = stripQuotes(h.valueOrNull("Build"));
    if (stripQuotes(systemName).equals("clear-linux-os")) {
      if (!CLEAR_BUILD.matcher(build).matches()) {
        throw new Violation("Clear Linux OS build version has invalid characters");
      }
    } else if (!OTHER_BUILD.matcher(build).matches()) {
      throw new Violation("Build version has invalid characters");
    }

    String pfv = h.valueOrNull("Payload-Format-Version");
    if (pfv == null) {
      throw new Violation(
          "Error parsing payload_format_version, int() argument must be a string,"
              + " a bytes-like object or a real number, not 'NoneType'");
    }
    if (pyInt("payload_format_version", pfv).compareTo(POSTGRES_INT_MAX) >= 0) {
      throw new Violation("Payload format version outside of range supported");
    }
  }

  /** Rule 2: digits only, 1 to 4. */
  private static int recordFormatVersion(String rfv) {
    if (!PyText.isDigit(rfv)) {
      throw new Violation("Record-Format-Version is invalid");
    }
    BigInteger v = pyInt("record_format_version", rfv);
    if (v.compareTo(BigInteger.ONE) < 0 || v.compareTo(BigInteger.valueOf(4)) > 0) {
      throw new Violation("Record-Format-Version is invalid");
    }
    return v.intValue();
  }

  private static void requireHeaders(BackendHeaders h, List<String> names) {
    for (String name : names) {
      if (!h.has(name)) {
        throw new Violation("Record-Format-Version headers are invalid, " + name + " missing");
      }
    }
  }

  /** {@code int(value)} or the backend's "Error parsing" message. */
  private static BigInteger pyInt(String field, String value) {
    try {
      return PyText.parseInt(value);
    } catch (PyText.ValueError e) {
      throw new Violation("Error parsing " + field + ", " + e.getMessage());
    }
  }

  /** At least two dots, and the first two fields are digits. */
  static boolean validKernelVersion(String kernel) {
    String[] parts = kernel.split("\\.", 3);
    return parts.length == 3 && PyText.isDigit(parts[0]) && PyText.isDigit(parts[1]);
  }

  static boolean validEventId(String id) {
    if (id.length() != 32) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static void requirePrintable(String value, String message) {
    if (value.length() >= 200 || !PyText.isPrintable(value)) {
      throw new Violation(message);
    }
  }

  static String stripQuotes(String s) {
    return s.replace("\"", "").replace("'", "");
  }

  /** The first failed rule; only used to leave {@link #check} early. */
  private static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
      super(message, null, false, false);
    }
  }
}
