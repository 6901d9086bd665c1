package org.telemetrics.ctl.units;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.ProbeKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.directories.WorkingDirectories;
import org.telemetrics.ctl.systemd.Units;
import org.telemetrics.spool.disk.WorkingDirectory;

/**
 * The drop-ins the packaged units need to follow telemetrics.conf. The units name the default
 * socket, spool and opt-in marker (the socket unit listens there, the path unit watches there, the
 * units wait for the marker), and the sandbox (ProtectSystem=strict) of the daemons and the
 * long-running probes lets them write only below the directories their unit lists. A configuration
 * that moves one of those would otherwise leave probes knocking at a socket nobody listens on,
 * records staged where nothing looks, units waiting for a marker that is elsewhere, or a daemon or
 * probe that cannot write its files.
 */
public final class ConfiguredUnits {
  /** Who the directories this makes belong to, as the package's tmpfiles.d entries say. */
  static final String OWNER = WorkingDirectories.DAEMON_USER;

  /** The daemons' services: they start in the spool. */
  static final List<String> IN_SPOOL = List.of(Units.PROBD, Units.RECOVERY, Units.POSTD);

  /** The services whose sandbox must let them write where the configuration says. */
  static final List<String> WRITERS =
      List.of(
          Units.PROBD,
          Units.RECOVERY,
          Units.POSTD,
          Units.KLOGSCANNER,
          Units.JOURNALPROBE,
          Units.COREDUMP);

  /** Every unit a drop-in may be made for. */
  static final List<String> UNITS =
      List.of(
          Units.PROBD_SOCKET,
          Units.POSTD_PATH,
          Units.PROBD,
          Units.RECOVERY,
          Units.POSTD,
          Units.KLOGSCANNER,
          Units.JOURNALPROBE,
          Units.COREDUMP,
          Units.HPROBE,
          Units.HPROBE_TIMER,
          Units.PSTOREPROBE,
          Units.DIRS); // last: it makes the directories the units before it were let write

  /** Every key this reads; root_dir moves the defaults of all the others. */
  public static final List<ConfigKey<String>> KEYS =
      List.of(
          ProbeKeys.ROOT_DIR,
          ProbeKeys.OPT_IN_FILE,
          ProbeKeys.SOCKET_PATH,
          ProbeKeys.SPOOL_DIR,
          ProbeKeys.MACHINE_ID_FILE,
          ProbeKeys.HOST_INFO_FILE,
          ProbeKeys.JOURNAL_FILE,
          ProbeKeys.RECORD_RETENTION_DIR,
          ConfigKeys.PROBD_STATUS_FILE,
          ConfigKeys.POSTD_STATUS_FILE,
          ConfigKeys.USAGE_LOG,
          ConfigKeys.USAGE_DB,
          ConfigKeys.NATIVE_LIBRARY_DIR,
          ConfigKeys.KLOGSCANNER_STATE_FILE,
          ConfigKeys.JOURNALPROBE_CURSOR_FILE,
          ConfigKeys.CRASH_COREDUMP_CURSOR_FILE,
          ConfigKeys.CRASH_STATE_DIR,
          ConfigKeys.CRASH_CORE_DIR);

  /** What a unit file can hold as a path without quoting, escaping or a specifier ({@code %}). */
  private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9/._+:@-]*");

  private ConfiguredUnits() {}

  /**
   * The drop-ins for {@code config}, compared with the {@code packaged} defaults the unit files
   * were written for; empty when the configuration keeps them.
   *
   * @throws CtlException when a path cannot be written into a unit file as it is
   */
  public static List<UnitDropIn> of(TelemetryConfig config, TelemetryConfig packaged)
      throws CtlException {
    Path socket = config.path(ProbeKeys.SOCKET_PATH).normalize();
    boolean socketMoved = !socket.equals(packaged.path(ProbeKeys.SOCKET_PATH));
    String socketPath = plain(ProbeKeys.SOCKET_PATH.name(), socket);
    Layout layout = config.layout();
    Path spool = layout.spoolDir().normalize();
    boolean spoolMoved = !spool.equals(packaged.path(ProbeKeys.SPOOL_DIR));
    String spoolDir = plain(ProbeKeys.SPOOL_DIR.name(), spool);
    Path optIn = config.path(ProbeKeys.OPT_IN_FILE).normalize();
    boolean optInMoved = !optIn.equals(packaged.path(ProbeKeys.OPT_IN_FILE));
    String optInFile = plain(ProbeKeys.OPT_IN_FILE.name(), optIn);

    List<UnitDropIn> dropIns = new ArrayList<>();
    Set<String> moved = new LinkedHashSet<>(); // directories no packaged tmpfiles.d line makes
    if (spoolMoved) {
      moved.add(spoolDir);
      for (Path dir : WorkingDirectory.all(spool)) {
        moved.add(plain(ProbeKeys.SPOOL_DIR.name(), dir));
      }
    }
    for (String unit : UNITS) {
      List<String> lines = new ArrayList<>();
      if (UnitConditions.OPT_IN.contains(unit)
          && (optInMoved || (spoolMoved && unit.equals(Units.RECOVERY)))) {
        String spoolTmp = spoolDir + "/" + layout.tmpDir().getFileName();
        lines.addAll(UnitConditions.lines(unit, optInFile, spoolTmp));
      }
      if (socketMoved && unit.equals(Units.PROBD_SOCKET)) {
        // an empty assignment empties the list, so the packaged address is not listened on as well
        lines.addAll(List.of("[Socket]", "ListenStream=", "ListenStream=" + socketPath));
      }
      if (spoolMoved && unit.equals(Units.POSTD_PATH)) {
        lines.add("[Path]");
        lines.add("DirectoryNotEmpty=");
        lines.add("DirectoryNotEmpty=" + spoolDir + "/" + layout.stagingDir().getFileName());
        lines.add("DirectoryNotEmpty=" + spoolDir + "/" + layout.queueDir().getFileName());
      }
      List<String> settings = new ArrayList<>();
      if (spoolMoved && IN_SPOOL.contains(unit)) {
        settings.add("WorkingDirectory=-" + spoolDir); // "-": a missing one is the daemon's to name
      }
      if (WRITERS.contains(unit)) {
        for (WrittenDirs.Written w : movedWrites(unit, config, packaged)) {
          String dir = plain(w.key(), w.dir());
          // "-": a directory that is missing at start is the daemon's to name, not a unit failure
          settings.add("ReadWritePaths=-" + dir);
          moved.add(dir);
        }
      }
      if (unit.equals(Units.DIRS) && !moved.isEmpty()) {
        // made where missing, as the packaged ones are; ":" leaves an existing one as it is
        for (String dir : moved) {
          settings.add("StandardInputText=d " + dir + " :0750 :" + OWNER + " :" + OWNER + " -");
        }
        settings.add("ExecStart=systemd-tmpfiles --create -");
      }
      if (!settings.isEmpty()) {
        lines.add("[Service]");
        lines.addAll(settings);
      }
      if (!lines.isEmpty()) {
        dropIns.add(new UnitDropIn(unit, lines));
      }
    }
    return dropIns;
  }

  /** What {@code service} writes outside its packaged directories, each directory once. */
  private static List<WrittenDirs.Written> movedWrites(
      String service, TelemetryConfig config, TelemetryConfig packaged) {
    List<Path> allowed = new ArrayList<>();
    for (WrittenDirs.Written w : WrittenDirs.of(service, packaged)) {
      allowed.add(w.dir());
    }
    List<WrittenDirs.Written> moved = new ArrayList<>();
    for (WrittenDirs.Written w : WrittenDirs.of(service, config)) {
      if (allowed.stream().noneMatch(w.dir()::startsWith)) {
        allowed.add(w.dir());
        moved.add(w);
      }
    }
    return moved;
  }

  private static String plain(String key, Path path) throws CtlException {
    String text = path.toString();
    if (!PLAIN_PATH.matcher(text).matches()) {
      throw new CtlException(
          "telemctl: "
              + key
              + "="
              + text
              + " cannot go into a systemd unit as it is (only letters, digits and / . _ + : @ -"
              + " are taken); the units keep their packaged paths");
    }
    return text;
  }
}
