package org.telemetrics.probd;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.host.HostInfoReader;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.log.Log;
import org.telemetrics.record.HostInfo;
import oshi.SystemInfo;
import oshi.hardware.Baseboard;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Writes this boot's host snapshot for probes, once per boot, without delaying accepts. OSHI
 * supplies the DMI and CPU values; where it knows nothing (a VM without DMI) the direct reads keep
 * the C client's placeholders ({@code no_sv_file}, ...).
 *
 * <p>OSHI runs in a short-lived child JVM: it loads JNA and starts helper programs (dmidecode,
 * lshw, ...) when DMI is missing, and none of that should stay in the long-lived daemon's memory.
 */
public final class HostSnapshotWriter {
  private static final int MAX_FIELD = 78;
  private static final long CHILD_TIMEOUT_SECONDS = 120;

  private HostSnapshotWriter() {}

  /** The child: {@code HostSnapshotWriter <file>}; exit 0 when the file was written. */
  public static void main(String[] args) {
    Log log = Log.stderr("telemprobd");
    if (args.length != 1) {
      log.error("usage: HostSnapshotWriter <file>");
      System.exit(2);
    }
    String bootId = HostSnapshot.currentBootId();
    if (bootId == null) {
      log.warning("cannot read the boot id; no host snapshot for probes");
      System.exit(1);
    }
    System.exit(write(Path.of(args[0]), bootId, log) ? 0 : 1);
  }

  /** Checks the snapshot on a background thread and, when it is stale, has a child renew it. */
  static Thread start(Path file, Log log) {
    Thread t = new Thread(() -> renewIfStale(file, log), "host-snapshot");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  static void renewIfStale(Path file, Log log) {
    String bootId = HostSnapshot.currentBootId();
    if (bootId == null) {
      log.warning("cannot read the boot id; no host snapshot for probes");
      return;
    }
    if (HostSnapshot.read(file, bootId).isPresent()) {
      log.debug("host snapshot " + file + " is current");
      return;
    }
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBinary,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx64m",
                "-XX:-UsePerfData"));
    if (Runtime.version().feature() >= 22) {
      // the child loads JNA's native library: without this, JDK 22 and later warn on stderr
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            HostSnapshotWriter.class.getName(),
            file.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process child = pb.start();
      if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        log.warning(
            "host snapshot took longer than "
                + CHILD_TIMEOUT_SECONDS
                + " s and was abandoned; probes read the host directly");
      } else if (child.exitValue() != 0) {
        log.warning(
            "host snapshot failed (exit " + child.exitValue() + "); probes read the host directly");
      }
    } catch (IOException e) {
      log.warning("cannot start the host snapshot: " + FileErrors.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Gathers the host metadata (OSHI, else direct reads) and writes the snapshot atomically. */
  static boolean write(Path file, String bootId, Log log) {
    HostInfo direct = HostInfoReader.readSystem();
    HostInfo info;
    try {
      info = withOshi(direct);
    } catch (RuntimeException | LinkageError e) {
      log.warning("OSHI could not describe the host (" + e + "); using direct reads");
      info = direct;
    }
    try {
      // probes of every user read the snapshot
      Directories.ensure(file.getParent(), AtomicFiles.SHARED_DIRECTORY);
      AtomicFiles.write(
          file.getParent(),
          file,
          HostSnapshot.format(info, bootId).getBytes(StandardCharsets.UTF_8),
          AtomicFiles.READABLE_BY_ALL);
      log.info("host snapshot written to " + file);
      return true;
    } catch (IOException e) {
      log.warning("cannot write the host snapshot " + FileErrors.about(file, e));
      return false;
    }
  }

  /** Direct values, with every DMI and CPU field OSHI actually knows replacing its placeholder. */
  static HostInfo withOshi(HostInfo direct) {
    HardwareAbstractionLayer hw = new SystemInfo().getHardware();
    ComputerSystem cs = hw.getComputerSystem();
    Baseboard board = cs.getBaseboard();
    String[] hostType = direct.hostType().split("\\|", -1);
    String[] boardName = direct.boardName().split("\\|", -1);
    String host =
        hostType.length == 3
            ? known(cs.getManufacturer(), hostType[0])
                + "|"
                + known(cs.getModel(), hostType[1])
                + "|"
                + hostType[2]
            : direct.hostType();
    String boardValue =
        boardName.length == 2
            ? known(board.getModel(), boardName[0])
                + "|"
                + known(board.getManufacturer(), boardName[1])
            : direct.boardName();
    return new HostInfo(
        direct.arch(),
        host,
        direct.build(),
        direct.kernelVersion(),
        direct.systemName(),
        boardValue,
        known(hw.getProcessor().getProcessorIdentifier().getName(), direct.cpuModel()),
        known(cs.getFirmware().getVersion(), direct.biosVersion()));
  }

  /** OSHI reports what it could not find as "unknown" or "" (inconsistently). */
  static String known(String oshiValue, String fallback) {
    if (oshiValue == null) {
      return fallback;
    }
    String v = oshiValue.strip();
    if (v.isEmpty() || v.equalsIgnoreCase("unknown")) {
      return fallback;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length() && sb.length() < MAX_FIELD; i++) {
      char c = v.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f && c != '|' ? c : '?');
    }
    return sb.toString();
  }
}
