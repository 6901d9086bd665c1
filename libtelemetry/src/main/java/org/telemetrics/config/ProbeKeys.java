package org.telemetrics.config;

/**
 * The keys a one-record probe reads: the paths of {@link Layout} and the probe's timeouts. They are
 * declared here, and registered in {@link ConfigKeys} in the documented order, so that reading a
 * configuration that sets only these keys (the shipped file sets none) never builds the full table
 * of every key and its checks, which was a measurable part of a probe's start.
 */
public final class ProbeKeys {
  private ProbeKeys() {}

  public static final ConfigKey<String> SOCKET_PATH =
      ConfigKey.path(
              "socket_path",
              "/run/telem-0",
              "Unix socket telemprobd listens on and probes send to (an absolute path "
                  + "of at most 107 bytes). Under systemd, run systemctl daemon-reload after "
                  + "moving it or any other path: the units then follow (telemctl units).")
          .checkedBy(new ValueChecks.SocketPath());

  public static final ConfigKey<String> SPOOL_DIR =
      ConfigKey.path(
          "spool_dir",
          "/var/spool/telemetry",
          "Working directory of the daemons (staging, spool, dead letters).");

  public static final ConfigKey<String> ROOT_DIR =
      ConfigKey.path(
          "root_dir",
          "/",
          "Root every default path is taken under; lets the whole suite run unprivileged.");

  public static final ConfigKey<String> OPT_IN_FILE =
      ConfigKey.path(
          "opt_in_file",
          "/etc/telemetrics/opt-in",
          "Opt-in marker: records are sent only while it exists.");

  public static final ConfigKey<String> STATIC_MACHINE_ID_FILE =
      ConfigKey.path(
          "static_machine_id_file",
          "/etc/telemetrics/opt-in-static-machine-id",
          "If present, its first line (at most 32 characters) is the machine id.");

  public static final ConfigKey<String> NO_PRIVACY_FILTERS_FILE =
      ConfigKey.path(
          "no_privacy_filters_file",
          "/etc/telemetrics/opt-in-no-privacy-filters",
          "If present, probes skip their privacy filters.");

  public static final ConfigKey<String> MACHINE_ID_FILE =
      ConfigKey.path(
          "machine_id_file",
          "/var/lib/telemetry/machine_id",
          "Rotating random machine id, renewed every 3 days, and sooner when"
              + " /etc/machine-id was written after it (a clone of a disk image).");

  public static final ConfigKey<String> HOST_INFO_FILE =
      ConfigKey.path(
          "host_info_file",
          "/run/telemetry/host-info",
          "Host metadata snapshot written once per boot by telemprobd and read by probes.");

  public static final ConfigKey<String> JOURNAL_FILE =
      ConfigKey.path(
          "journal_file",
          "/var/log/telemetry/journal",
          "Journal of handled records (C format plus an outcome).");

  public static final ConfigKey<String> RECORD_RETENTION_DIR =
      ConfigKey.path(
          "record_retention_dir",
          "/var/log/telemetry/records",
          "Where local copies of payloads are kept when retention is enabled.");

  public static final ConfigKey<Long> PROBE_CONNECT_TIMEOUT_MS =
      ConfigKey.integer(
          "probe_connect_timeout_ms",
          1000,
          1,
          60_000,
          "Milliseconds a probe waits to connect to and write to telemprobd, a busy"
              + " telemprobd whose socket backlog is full included.");

  public static final ConfigKey<Long> PROBE_ACK_TIMEOUT_MS =
      ConfigKey.integer(
          "probe_ack_timeout_ms",
          2000,
          0,
          60_000,
          "Milliseconds a probe waits for telemprobd's acknowledgement (or, from the C "
              + "telemprobd, the end of the connection); silence until then is a failure with exit "
              + "status 75. 0 does not wait: the probe then reports success once the record is "
              + "written, as the C probes do, even to a stopped daemon.");

  private static final ConfigKey<?>[] ALL = {
    SOCKET_PATH,
    SPOOL_DIR,
    ROOT_DIR,
    OPT_IN_FILE,
    STATIC_MACHINE_ID_FILE,
    NO_PRIVACY_FILTERS_FILE,
    MACHINE_ID_FILE,
    HOST_INFO_FILE,
    JOURNAL_FILE,
    RECORD_RETENTION_DIR,
    PROBE_CONNECT_TIMEOUT_MS,
    PROBE_ACK_TIMEOUT_MS
  };

  /** The probe key of this name, or null: the caller then asks {@link ConfigKeys#byName}. */
  static ConfigKey<?> byName(String name) {
    for (ConfigKey<?> key : ALL) {
      if (key.name().equals(name)) {
        return key;
      }
    }
    return null;
  }
}
