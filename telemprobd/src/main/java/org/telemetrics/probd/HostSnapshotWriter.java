package org.telemetrics.probd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.telemetrics.daemon.Log;
import org.telemetrics.host.HostInfo;
import org.telemetrics.host.HostInfoReader;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.spool.AtomicFiles;
import oshi.SystemInfo;
import oshi.hardware.Baseboard;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Writes this boot's host snapshot for probes, once per boot, on a background thread so it never
 * delays accepting connections. OSHI supplies the DMI and CPU values; where it knows nothing (a VM
 * without DMI) the direct reads keep the C client's placeholders ({@code no_sv_file}, ...).
 */
final class HostSnapshotWriter {
  private static final int MAX_FIELD = 78;

  private HostSnapshotWriter() {}

  static Thread start(Path file, Log log) {
    Thread t = new Thread(() -> writeIfStale(file, log), "host-snapshot");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  static void writeIfStale(Path file, Log log) {
    String bootId = HostSnapshot.currentBootId();
    if (bootId == null) {
      log.warning("cannot read the boot id; no host snapshot for probes");
      return;
    }
    if (HostSnapshot.read(file, bootId).isPresent()) {
      log.debug("host snapshot " + file + " is current");
      return;
    }
    HostInfo direct = HostInfoReader.readSystem();
    HostInfo info;
    try {
      info = withOshi(direct);
    } catch (RuntimeException | LinkageError e) {
      log.warning("OSHI could not describe the host (" + e + "); using direct reads");
      info = direct;
    }
    try {
      AtomicFiles.ensureDirectory(file.getParent());
      AtomicFiles.write(file.getParent(), file,
          HostSnapshot.format(info, bootId).getBytes(StandardCharsets.UTF_8),
          PosixFilePermissions.fromString("rw-r--r--"));
      log.info("host snapshot written to " + file);
    } catch (IOException e) {
      log.warning("cannot write the host snapshot " + file + ": " + e.getMessage());
    }
  }

  /** Direct values, with every DMI and CPU field OSHI actually knows replacing its placeholder. */
  static HostInfo withOshi(HostInfo direct) {
    HardwareAbstractionLayer hw = new SystemInfo().getHardware();
    ComputerSystem cs = hw.getComputerSystem();
    Baseboard board = cs.getBaseboard();
    String[] hostType = direct.hostType().split("\\|", -1);
    String[] boardName = direct.boardName().split("\\|", -1);
    String host = hostType.length == 3
        ? known(cs.getManufacturer(), hostType[0]) + "|" + known(cs.getModel(), hostType[1])
            + "|" + hostType[2]
        : direct.hostType();
    String boardValue = boardName.length == 2
        ? known(board.getModel(), boardName[0]) + "|" + known(board.getManufacturer(), boardName[1])
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
