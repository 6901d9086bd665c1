package org.telemetrics.ctl.units;

import java.util.ArrayList;
import java.util.List;
import org.telemetrics.ctl.systemd.Units;

/**
 * The conditions of the packaged units. A drop-in that changes one of them must state them all
 * again: an empty {@code Condition...=} assignment resets every condition of the unit, of any kind.
 */
final class UnitConditions {
  /** The units that start only once the machine opted in (their first condition). */
  static final List<String> OPT_IN =
      List.of(
          Units.PROBD_SOCKET,
          Units.POSTD_PATH,
          Units.PROBD,
          Units.RECOVERY,
          Units.POSTD,
          Units.JOURNALPROBE,
          Units.COREDUMP,
          Units.HPROBE,
          Units.HPROBE_TIMER,
          Units.PSTOREPROBE);

  private UnitConditions() {}

  /** The [Unit] section of {@code unit} with the opt-in marker and the spool's tmp/ given. */
  static List<String> lines(String unit, String optInFile, String spoolTmp) {
    List<String> lines = new ArrayList<>();
    lines.add("[Unit]");
    lines.add("ConditionPathExists=");
    lines.add("ConditionPathExists=" + optInFile);
    lines.addAll(others(unit, spoolTmp));
    return lines;
  }

  /** The conditions of {@code unit} besides the opt-in marker, in the unit file's order. */
  static List<String> others(String unit, String spoolTmp) {
    return switch (unit) {
      case Units.RECOVERY -> List.of("ConditionDirectoryNotEmpty=" + spoolTmp);
      case Units.PSTOREPROBE -> List.of("ConditionDirectoryNotEmpty=/sys/fs/pstore");
      case Units.COREDUMP -> List.of("ConditionPathExists=/usr/lib/systemd/systemd-coredump");
      default -> List.of();
    };
  }
}
