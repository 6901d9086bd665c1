package org.telemetrics.ctl.units;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.Layout;
import org.telemetrics.config.ProbeKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlException;

/**
 * The drop-ins the packaged units need to follow telemetrics.conf. The units name the default
 * socket and spool (the socket unit listens there, the path unit watches there), and the daemons'
 * sandbox (ProtectSystem=strict) lets them write only below the directories their unit lists. A
 * configuration that moves one of those would otherwise leave probes knocking at a socket nobody
 * listens on, or records staged where nothing looks, or a daemon that cannot write its files.
 */
public final class ConfiguredUnits {
  static final String SOCKET = "telemprobd.socket";
  static final String PATH = "telempostd.path";
  static final String PROBD = "telemprobd.service";
  static final String RECOVER = "telemprobd-recover.service";
  static final String POSTD = "telempostd.service";

  /** The services whose sandbox must let them write where the configuration says. */
  static final List<String> SERVICES = List.of(PROBD, RECOVER, POSTD);

  /** Every unit a drop-in may be made for. */
  static final List<String> UNITS = List.of(SOCKET, PATH, PROBD, RECOVER, POSTD);

  /** Every key this reads; root_dir moves the defaults of all the others. */
  public static final List<ConfigKey<String>> KEYS =
      List.of(
          ProbeKeys.ROOT_DIR,
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
          ConfigKeys.NATIVE_LIBRARY_DIR);

  /** What a unit file can hold as a path without quoting, escaping or a specifier ({@code %}). */
  private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9/._+:@-]*");

  /** A directory a service writes below, and the key that put it there. */
  record Written(String key, Path dir) {}

  private ConfiguredUnits() {}

  /**
   * The drop-ins for {@code config}, compared with the {@code packaged} defaults the unit files
   * were written for; empty when the configuration keeps them.
   *
   * @throws CtlException when a path cannot be written into a unit file as it is
   */
  public static List<UnitDropIn> of(TelemetryConfig config, TelemetryConfig packaged)
      throws CtlException {
    List<UnitDropIn> dropIns = new ArrayList<>();
    Path socket = config.path(ProbeKeys.SOCKET_PATH).normalize();
    if (!socket.equals(packaged.path(ProbeKeys.SOCKET_PATH))) {
      String value = plain(ProbeKeys.SOCKET_PATH.name(), socket);
      // an empty assignment empties the list, so the packaged address is not listened on as well
      dropIns.add(
          new UnitDropIn(SOCKET, List.of("[Socket]", "ListenStream=", "ListenStream=" + value)));
    }
    Layout layout = config.layout();
    Path spool = layout.spoolDir().normalize();
    boolean spoolMoved = !spool.equals(packaged.path(ProbeKeys.SPOOL_DIR));
    String spoolDir = plain(ProbeKeys.SPOOL_DIR.name(), spool);
    if (spoolMoved) {
      dropIns.add(
          new UnitDropIn(
              PATH,
              List.of(
                  "[Path]",
                  "DirectoryNotEmpty=",
                  "DirectoryNotEmpty=" + spoolDir + "/" + layout.stagingDir().getFileName(),
                  "DirectoryNotEmpty=" + spoolDir + "/" + layout.queueDir().getFileName())));
    }
    for (String service : SERVICES) {
      List<String> lines = new ArrayList<>();
      if (spoolMoved && service.equals(RECOVER)) {
        // an empty assignment resets every condition of the unit: the opt-in one is named again
        lines.add("[Unit]");
        lines.add("ConditionPathExists=");
        lines.add("ConditionPathExists=" + packaged.path(ProbeKeys.OPT_IN_FILE));
        lines.add("ConditionDirectoryNotEmpty=" + spoolDir + "/" + layout.tmpDir().getFileName());
      }
      List<String> settings = new ArrayList<>();
      if (spoolMoved) {
        settings.add("WorkingDirectory=-" + spoolDir); // "-": a missing one is the daemon's to name
      }
      settings.addAll(writablePaths(service, config, packaged));
      if (!settings.isEmpty()) {
        lines.add("[Service]");
        lines.addAll(settings);
      }
      if (!lines.isEmpty()) {
        dropIns.add(new UnitDropIn(service, lines));
      }
    }
    return dropIns;
  }

  /** ReadWritePaths= lines for what {@code service} writes outside its packaged directories. */
  private static List<String> writablePaths(
      String service, TelemetryConfig config, TelemetryConfig packaged) throws CtlException {
    List<Path> allowed = new ArrayList<>();
    for (Written w : written(service, packaged)) {
      allowed.add(w.dir());
    }
    List<String> lines = new ArrayList<>();
    for (Written w : written(service, config)) {
      if (allowed.stream().noneMatch(w.dir()::startsWith)) {
        allowed.add(w.dir());
        // "-": a directory that is missing at start is the daemon's to name, not a unit failure
        lines.add("ReadWritePaths=-" + plain(w.key(), w.dir()));
      }
    }
    return lines;
  }

  /** The directories {@code service} writes below with {@code config}. */
  static List<Written> written(String service, TelemetryConfig config) {
    List<Written> dirs = new ArrayList<>();
    add(dirs, ProbeKeys.SPOOL_DIR, config.path(ProbeKeys.SPOOL_DIR));
    add(dirs, ConfigKeys.NATIVE_LIBRARY_DIR, config.path(ConfigKeys.NATIVE_LIBRARY_DIR));
    if (service.equals(POSTD)) {
      addParent(dirs, ProbeKeys.JOURNAL_FILE, config.path(ProbeKeys.JOURNAL_FILE));
      add(dirs, ProbeKeys.RECORD_RETENTION_DIR, config.path(ProbeKeys.RECORD_RETENTION_DIR));
      addParent(dirs, ConfigKeys.POSTD_STATUS_FILE, config.path(ConfigKeys.POSTD_STATUS_FILE));
      if (!config.get(ConfigKeys.USAGE_DB).isEmpty()) {
        addParent(dirs, ConfigKeys.USAGE_DB, config.path(ConfigKeys.USAGE_DB));
      }
      String usageLog = config.get(ConfigKeys.USAGE_LOG);
      if (usageLog.startsWith("/")) { // not off, and not a descriptor systemd passes
        addParent(dirs, ConfigKeys.USAGE_LOG, Path.of(usageLog));
      }
    } else {
      addParent(dirs, ProbeKeys.MACHINE_ID_FILE, config.path(ProbeKeys.MACHINE_ID_FILE));
      addParent(dirs, ConfigKeys.PROBD_STATUS_FILE, config.path(ConfigKeys.PROBD_STATUS_FILE));
      if (service.equals(PROBD)) {
        addParent(dirs, ProbeKeys.HOST_INFO_FILE, config.path(ProbeKeys.HOST_INFO_FILE));
      }
    }
    return dirs;
  }

  private static void add(List<Written> dirs, ConfigKey<String> key, Path dir) {
    dirs.add(new Written(key.name(), dir.normalize()));
  }

  private static void addParent(List<Written> dirs, ConfigKey<String> key, Path file) {
    Path parent = file.normalize().getParent();
    add(dirs, key, parent == null ? Path.of("/") : parent);
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
