package org.telemetrics.host;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.telemetrics.record.HostInfo;

/**
 * Reads host metadata straight from procfs, sysfs and os-release: the fast path every probe can
 * afford (no subprocesses, no native libraries).
 *
 * <p>Files are read through {@code java.io}: the first {@code java.nio} channel of a process sets
 * up the JDK's network library (2-3 ms of a probe's start) for a few small reads.
 *
 * <p>It reproduces the C client's values and placeholders ({@code no_sv_file}, {@code blank}, …) so
 * records look the same whichever client made them. One deviation: os-release values are unquoted
 * ({@code build: 12}, not {@code "12"}); the backend strips the quotes anyway.
 */
public final class HostInfoReader {
  /** The C client reads DMI values with fgets(buf, 79) and drops the newline: 78 characters. */
  static final int MAX_DMI_LENGTH = 78;

  static final int MAX_OS_RELEASE_VALUE = 79;
  static final int MAX_CPU_MODEL_LENGTH = 190;

  private final Path root;

  /**
   * @param root the filesystem root to read from: {@code /} normally, a directory in tests
   */
  public HostInfoReader(Path root) {
    this.root = root;
  }

  public static HostInfo readSystem() {
    return new HostInfoReader(Path.of("/")).read();
  }

  public HostInfo read() {
    OsRelease os = osRelease();
    String hostType =
        dmi("sys_vendor", "sv")
            + "|"
            + dmi("product_name", "pn")
            + "|"
            + dmi("product_version", "pvr");
    String boardName = dmi("board_name", "bn") + "|" + dmi("board_vendor", "bv");
    return new HostInfo(
        arch(),
        hostType,
        os.build(),
        kernelVersion(),
        os.systemName(),
        boardName,
        cpuModel(),
        dmi("bios_version", "bv"));
  }

  /** The kernel's machine name, what {@code uname -m} prints (not Java's {@code os.arch}). */
  String arch() {
    String fromKernel = firstLine(root.resolve("proc/sys/kernel/arch"));
    if (fromKernel != null && !fromKernel.isBlank()) {
      return printable(fromKernel.strip(), 32);
    }
    return unameMachine(System.getProperty("os.arch", "unknown"));
  }

  /** Maps Java's os.arch to uname's machine name for kernels without /proc/sys/kernel/arch. */
  static String unameMachine(String javaArch) {
    switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return "x86_64";
      case "x86":
      case "i386":
      case "i686":
        return "i686";
      case "aarch64":
      case "arm64":
        return "aarch64";
      case "arm":
        return "armv7l";
      case "ppc64":
        return "ppc64";
      default:
        return printable(javaArch, 32);
    }
  }

  String kernelVersion() {
    String release = firstLine(root.resolve("proc/sys/kernel/osrelease"));
    if (release != null && !release.isBlank()) {
      return printable(release.strip(), 64);
    }
    return printable(System.getProperty("os.version", "unknown"), 64);
  }

  String cpuModel() {
    String line;
    try {
      line = FirstLine.startingWith(root.resolve("proc/cpuinfo"), "model name", 4096);
    } catch (IOException e) {
      return "blank";
    }
    if (line == null) {
      return "blank";
    }
    int colon = line.indexOf(':');
    String value = colon < 0 ? "" : line.substring(colon + 1).strip();
    return value.isEmpty() ? "blank" : printable(value, MAX_CPU_MODEL_LENGTH);
  }

  /** One DMI value with the C placeholders: {@code no_<key>_file} when absent, {@code blank}. */
  String dmi(String file, String key) {
    String value = firstLine(root.resolve("sys/class/dmi/id").resolve(file));
    if (value == null) { // absent or unreadable
      return "no_" + key + "_file";
    }
    value = printable(value, MAX_DMI_LENGTH).strip();
    return value.isEmpty() ? "blank" : value;
  }

  OsRelease osRelease() {
    Path etc = root.resolve("etc/os-release");
    Path lib = root.resolve("usr/lib/os-release");
    Path file = new File(etc.toString()).isFile() ? etc : lib;
    String id = null;
    String variant = null;
    String version = null;
    try {
      for (String line : readLines(file, 256)) {
        if (line.startsWith("ID=")) {
          id = unquote(line.substring(3));
        } else if (line.startsWith("VARIANT_ID=")) {
          variant = unquote(line.substring(11));
        } else if (line.startsWith("VERSION_ID=")) {
          version = unquote(line.substring(11));
        }
      }
    } catch (IOException e) {
      return new OsRelease("0", "unknown");
    }
    String systemName = id == null || id.isEmpty() ? "unknown" : id;
    if (id != null && variant != null && !variant.isEmpty()) {
      systemName = id + "_" + variant;
    }
    String build = version == null || version.isEmpty() ? "0" : version;
    return new OsRelease(
        printable(build, MAX_OS_RELEASE_VALUE), printable(systemName, MAX_OS_RELEASE_VALUE));
  }

  record OsRelease(String build, String systemName) {}

  static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      v = v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Keeps printable ASCII only (the backend rejects anything else) and caps the length. */
  static String printable(String value, int max) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), max));
    for (int i = 0; i < value.length() && sb.length() < max; i++) {
      char c = value.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  private static String firstLine(Path path) {
    // Absent files are common (no DMI in many VMs and on ARM boards): seen without the exception
    // a failed open costs, six times over.
    if (!new File(path.toString()).isFile()) {
      return null;
    }
    try {
      List<String> lines = readLines(path, 1);
      return lines.isEmpty() ? "" : lines.get(0);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads at most {@code maxLines} lines from the first 64 KiB of a system file. */
  private static List<String> readLines(Path path, int maxLines) throws IOException {
    byte[] bytes;
    try (InputStream in = new FileInputStream(path.toString())) {
      bytes = in.readNBytes(64 * 1024);
    }
    // A plain loop: streams would cost a short-lived probe their set-up at every start.
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length() && lines.size() < maxLines) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      boolean crlf = end > start && text.charAt(end - 1) == '\r';
      lines.add(text.substring(start, crlf ? end - 1 : end));
      start = end + 1;
    }
    return lines;
  }
}
