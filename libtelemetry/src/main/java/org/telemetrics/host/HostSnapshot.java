package org.telemetrics.host;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.record.HostInfo;

/**
 * The host metadata of one boot, saved to a small file so probes need not gather it again.
 *
 * <p>telemprobd derives it once per boot (with OSHI, which is too slow for every probe start) and
 * writes it; probes read it and fall back to {@link HostInfoReader} when it is missing, unreadable
 * or from another boot. Format: {@code key=value} lines, the keys being {@code boot_id} and the
 * record header names.
 */
public final class HostSnapshot {
  static final int MAX_BYTES = 8192;

  private HostSnapshot() {}

  public static String format(HostInfo info, String bootId) {
    return "# host metadata for this boot, written by telemprobd\n"
        + "boot_id="
        + bootId
        + "\n"
        + "arch="
        + info.arch()
        + "\n"
        + "host_type="
        + info.hostType()
        + "\n"
        + "build="
        + info.build()
        + "\n"
        + "kernel_version="
        + info.kernelVersion()
        + "\n"
        + "system_name="
        + info.systemName()
        + "\n"
        + "board_name="
        + info.boardName()
        + "\n"
        + "cpu_model="
        + info.cpuModel()
        + "\n"
        + "bios_version="
        + info.biosVersion()
        + "\n";
  }

  /** Parses snapshot text; empty when malformed or taken in another boot. */
  public static Optional<HostInfo> parse(String text, String currentBootId) {
    Map<String, String> values = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        return Optional.empty();
      }
      values.put(line.substring(0, eq), line.substring(eq + 1));
    }
    if (currentBootId == null || !currentBootId.equals(values.get("boot_id"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new HostInfo(
              values.get("arch"),
              values.get("host_type"),
              values.get("build"),
              values.get("kernel_version"),
              values.get("system_name"),
              values.get("board_name"),
              values.get("cpu_model"),
              values.get("bios_version")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the snapshot file if it is a regular file (not a link) of this boot. Read through {@code
   * java.io}, as the boot id: a {@code java.nio} channel would set up the JDK's network library at
   * every probe start. The file's directory belongs to telemprobd, so nobody else can swap the
   * checked file for a link before it is opened. An absent file (telemprobd not started yet this
   * boot) is seen without an exception: the JDK's check without options costs none, the one that
   * does not follow links throws and catches one.
   */
  public static Optional<HostInfo> read(Path file, String currentBootId) {
    if (!Files.isRegularFile(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = new FileInputStream(file.toString())) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        return Optional.empty();
      }
      return parse(new String(bytes, StandardCharsets.UTF_8), currentBootId);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The running kernel's boot id, or null when it cannot be read. */
  public static String currentBootId() {
    try (InputStream in = new FileInputStream("/proc/sys/kernel/random/boot_id")) {
      return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return null;
    }
  }

  /** The snapshot if usable, else a direct read of the system. */
  public static HostInfo loadOrRead(Path file) {
    Optional<HostInfo> snapshot = read(file, currentBootId());
    return snapshot.isPresent() ? snapshot.get() : HostInfoReader.readSystem();
  }
}
