package org.telemetrics.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every key {@code telemetrics.conf} understands. Keys of the C client keep its names, defaults and
 * clamping; a value the C client would misread (text where a number belongs, a window length it
 * exits on) is an error with file and line here. {@code etc/telemetrics.conf} documents each key.
 * The keys a one-record probe reads are declared in {@link ProbeKeys} and registered here in their
 * place, so that a probe's start does not build this table.
 */
public final class ConfigKeys {
  private static final List<ConfigKey<?>> REGISTRY = new ArrayList<>();

  private ConfigKeys() {}

  /** All keys, in the order they were declared (the order of the documented file). */
  public static List<ConfigKey<?>> all() {
    return Collections.unmodifiableList(REGISTRY);
  }

  public static ConfigKey<?> byName(String name) {
    for (ConfigKey<?> key : REGISTRY) {
      if (key.name().equals(name)) {
        return key;
      }
    }
    return null;
  }

  private static <T> ConfigKey<T> register(ConfigKey<T> key) {
    REGISTRY.add(key);
    return key;
  }

  // ---- keys of the C client ------------------------------------------------------------------

  public static final ConfigKey<String> SERVER =
      register(
          ConfigKey.string(
                  "server",
                  "",
                  "URL records are posted to: http:// or https://, with a host name. Empty: no server; "
                      + "records stay in the spool.")
              .checkedBy(new ValueChecks.Url(List.of("http", "https"), false)));
  public static final ConfigKey<String> SOCKET_PATH = register(ProbeKeys.SOCKET_PATH);
  public static final ConfigKey<String> SPOOL_DIR = register(ProbeKeys.SPOOL_DIR);
  public static final ConfigKey<String> CAINFO =
      register(
          ConfigKey.string(
                  "cainfo",
                  "",
                  "Extra CA certificate (PEM, absolute path) trusted for the server, besides the system "
                      + "store. Empty: none.")
              .checkedBy(new ValueChecks.EmptyOrAbsolutePath()));
  public static final ConfigKey<String> TIDHEADER =
      register(
          ConfigKey.string(
                  "tidheader",
                  "X-Telemetry-TID: 6907c830-eed9-4ce9-81ae-76daf8d88f0f",
                  "HTTP header line \"Name: value\" identifying this telemetry deployment to the "
                      + "backend: the name letters, digits and !#$%&'*+-.^_`|~, the value visible ASCII "
                      + "(no control characters). Empty: no such header.")
              .checkedBy(new ValueChecks.HeaderLine()));
  public static final ConfigKey<String> RATE_LIMIT_STRATEGY =
      register(
          ConfigKey.choice(
              "rate_limit_strategy",
              "spool",
              List.of("spool", "drop"),
              "What happens to a rate-limited record: spool (keep, send later) or drop."));
  public static final ConfigKey<Long> RECORD_EXPIRY =
      register(
          ConfigKey.integer(
              "record_expiry",
              1200,
              1,
              Long.MAX_VALUE / 60,
              "Minutes (1 or more) after its creation a record that was not delivered is dropped; 0 "
                  + "would drop every record before its first attempt. Counted on a clock that "
                  + "setting the time does not move, from when telempostd queues the record."));
  public static final ConfigKey<Long> SPOOL_MAX_SIZE =
      register(
          ConfigKey.limit(
              "spool_max_size",
              5120,
              Long.MAX_VALUE / 1024,
              "Spool quota in KiB of queued record files (their real size, not 4 KiB disk blocks as "
                  + "in C): 0 or more, or -1 for unlimited (other negative numbers are an error)."));
  public static final ConfigKey<Long> SPOOL_PROCESS_TIME =
      register(
          ConfigKey.clampedInteger(
              "spool_process_time",
              120,
              120,
              300,
              "Seconds between telempostd's full rescans of staging and spool, behind its watch of "
                  + "the directories (clamped to 120..300 as in C), on average: each interval is drawn "
                  + "from half to one and a half times it, so machines started together drift apart."));
  public static final ConfigKey<Long> RECORD_WINDOW_LENGTH =
      register(
          ConfigKey.integer(
              "record_window_length",
              15,
              0,
              59,
              "Minutes of the record rate-limit window (0..59)."));
  public static final ConfigKey<Long> BYTE_WINDOW_LENGTH =
      register(
          ConfigKey.integer(
              "byte_window_length", 20, 0, 59, "Minutes of the byte rate-limit window (0..59)."));
  public static final ConfigKey<Long> RECORD_BURST_LIMIT =
      register(
          ConfigKey.limit(
              "record_burst_limit",
              1000,
              Long.MAX_VALUE,
              "Records allowed per record window: 0 or more, or -1 to disable the limit."));
  public static final ConfigKey<Long> BYTE_BURST_LIMIT =
      register(
          ConfigKey.limit(
              "byte_burst_limit",
              -1,
              Long.MAX_VALUE,
              "Record bytes allowed per byte window: 0 or more, or -1 to disable the limit."));
  public static final ConfigKey<Boolean> RATE_LIMIT_ENABLED =
      register(
          ConfigKey.bool("rate_limit_enabled", true, "Apply the record and byte rate limits."));
  public static final ConfigKey<Boolean> DAEMON_RECYCLING_ENABLED =
      register(
          ConfigKey.bool(
              "daemon_recycling_enabled",
              true,
              "Let the daemons exit when idle; systemd socket and path activation start them again."));
  public static final ConfigKey<Boolean> RECORD_RETENTION_ENABLED =
      register(
          ConfigKey.bool(
              "record_retention_enabled",
              false,
              "Keep a local copy of the payload of recent records."));
  public static final ConfigKey<Boolean> RECORD_SERVER_DELIVERY_ENABLED =
      register(
          ConfigKey.bool(
              "record_server_delivery_enabled",
              true,
              "Send records to the server; false keeps them local only (journal and retention)."));

  // ---- locations (all relative to root_dir unless set) --------------------------------------

  public static final ConfigKey<String> ROOT_DIR = register(ProbeKeys.ROOT_DIR);
  public static final ConfigKey<String> OPT_IN_FILE = register(ProbeKeys.OPT_IN_FILE);
  public static final ConfigKey<String> STATIC_MACHINE_ID_FILE =
      register(ProbeKeys.STATIC_MACHINE_ID_FILE);
  public static final ConfigKey<String> NO_PRIVACY_FILTERS_FILE =
      register(ProbeKeys.NO_PRIVACY_FILTERS_FILE);
  public static final ConfigKey<String> MACHINE_ID_FILE = register(ProbeKeys.MACHINE_ID_FILE);
  public static final ConfigKey<String> HOST_INFO_FILE = register(ProbeKeys.HOST_INFO_FILE);
  public static final ConfigKey<String> JOURNAL_FILE = register(ProbeKeys.JOURNAL_FILE);
  public static final ConfigKey<String> RECORD_RETENTION_DIR =
      register(ProbeKeys.RECORD_RETENTION_DIR);

  // ---- telempostd ----------------------------------------------------------------------------

  public static final ConfigKey<String> POST_FORMAT =
      register(
          ConfigKey.choice(
              "post_format",
              "headers",
              List.of("headers", "json", "otlp"),
              "How a record is posted: headers (every field as an HTTP header, body = payload, the form "
                  + "the public telemetrics-backend collector accepts), json (the C client 2.4 JSON "
                  + "body, without its truncation bugs) or otlp (OpenTelemetry logs over OTLP/HTTP, "
                  + "several records per request, for an OpenTelemetry Collector: server is then its "
                  + "logs URL, such as http://collector:4318/v1/logs)."));
  public static final ConfigKey<String> OTLP_ENCODING =
      register(
          ConfigKey.choice(
              "otlp_encoding",
              "protobuf",
              List.of("protobuf", "json"),
              "With post_format=otlp: the request body as protobuf (application/x-protobuf) or as the "
                  + "OTLP JSON mapping (application/json)."));
  public static final ConfigKey<String> OTLP_COMPRESSION =
      register(
          ConfigKey.choice(
              "otlp_compression",
              "gzip",
              List.of("gzip", "none"),
              "With post_format=otlp: gzip the request body (Content-Encoding: gzip) or send it as is."));
  public static final ConfigKey<Long> OTLP_BATCH_RECORDS =
      register(
          ConfigKey.integer(
              "otlp_batch_records",
              100,
              1,
              10_000,
              "With post_format=otlp: at most this many queued records go into one request."));
  public static final ConfigKey<Long> OTLP_BATCH_BYTES =
      register(
          ConfigKey.integer(
              "otlp_batch_bytes",
              524_288,
              16_384,
              16_777_216,
              "With post_format=otlp: the records of one request have at most this many bytes "
                  + "(headers and payloads, before encoding and compression; 16 KiB..16 MiB)."));
  public static final ConfigKey<String> OTLP_PARTIAL_SUCCESS =
      register(
          ConfigKey.choice(
              "otlp_partial_success",
              "isolate",
              List.of("isolate", "dead-letter"),
              "With post_format=otlp: when a collector rejects some but not all log records of a "
                  + "request (partial success, never saying which), isolate sends each of them again "
                  + "in a request of its own to learn which were rejected (the accepted ones then "
                  + "reach the collector twice with the same telemetrics.record_id); dead-letter "
                  + "keeps the whole request in dead-letter/ instead."));
  public static final ConfigKey<String> POST_HEADERS =
      register(
          ConfigKey.string(
                  "post_headers",
                  "",
                  "Further HTTP headers sent with every request of any post_format, such as the "
                      + "credentials a collector asks for: \"Name: value\" lines separated by commas (so a "
                      + "value cannot hold a comma), each as tidheader. Whoever may read this file may read "
                      + "them. Empty: none.")
              .checkedBy(new ValueChecks.HeaderLines()));
  public static final ConfigKey<Long> POST_CONNECT_TIMEOUT_MS =
      register(
          ConfigKey.integer(
              "post_connect_timeout_ms",
              5000,
              1,
              600_000,
              "Milliseconds telempostd waits for a connection to the server (C: 5 s)."));
  public static final ConfigKey<Long> POST_READ_TIMEOUT_MS =
      register(
          ConfigKey.integer(
              "post_read_timeout_ms",
              10_000,
              1,
              600_000,
              "Milliseconds telempostd waits for the server's answer to arrive; a timeout is retried."));
  public static final ConfigKey<Long> POST_CALL_TIMEOUT_MS =
      register(
          ConfigKey.integer(
              "post_call_timeout_ms",
              30_000,
              1,
              3_600_000,
              "Milliseconds one whole POST (connect, send, answer) may take at most."));
  public static final ConfigKey<Long> POST_PARALLELISM =
      register(
          ConfigKey.integer(
              "post_parallelism",
              4,
              1,
              64,
              "Records telempostd posts at the same time; a backlog drains this many at once."
                  + " More drains a backlog faster and loads the server more (to a local"
                  + " collector on a 2-CPU machine: about 3,700 records/s at 4, 5,000 at 16)."));
  public static final ConfigKey<String> CLIENT_CERT =
      register(
          ConfigKey.string(
                  "client_cert",
                  "",
                  "PEM file (absolute path) with the client certificate (and its chain) presented to the "
                      + "server (mutual TLS). Empty: no client certificate.")
              .checkedBy(new ValueChecks.EmptyOrAbsolutePath()));
  public static final ConfigKey<String> CLIENT_KEY =
      register(
          ConfigKey.string(
                  "client_key",
                  "",
                  "PEM file (absolute path) with the unencrypted PKCS#8 private key of client_cert. Empty: "
                      + "the key is read from the client_cert file.")
              .checkedBy(new ValueChecks.EmptyOrAbsolutePath()));
  public static final ConfigKey<String> PROXY =
      register(
          ConfigKey.string(
                  "proxy",
                  "",
                  "HTTP proxy for posting, as http://host:port. Empty: connect directly (the proxy "
                      + "environment variables are not used).")
              .checkedBy(new ValueChecks.Url(List.of("http"), true)));
  public static final ConfigKey<Long> RETRY_INITIAL_DELAY_MS =
      register(
          ConfigKey.integer(
              "retry_initial_delay_ms",
              1000,
              1,
              86_400_000,
              "Delay before the first retry of a record after a transient failure; each further "
                  + "failure doubles the ceiling up to retry_max_delay_ms; each wait is drawn uniformly "
                  + "between 0 and the ceiling (full jitter)."));
  public static final ConfigKey<Long> RETRY_MAX_DELAY_MS =
      register(
          ConfigKey.integer(
              "retry_max_delay_ms",
              300_000,
              1,
              86_400_000,
              "Longest delay between two attempts of one record (also caps Retry-After)."));
  public static final ConfigKey<Long> RETRY_MAX_ATTEMPTS =
      register(
          ConfigKey.integer(
              "retry_max_attempts",
              0,
              0,
              1_000_000,
              "Attempts after which a record that keeps failing transiently goes to the dead-letter "
                  + "folder; 0: no limit (record_expiry still ends it)."));
  public static final ConfigKey<String> SPOOL_FULL_POLICY =
      register(
          ConfigKey.choice(
              "spool_full_policy",
              "drop-oldest",
              List.of("drop-oldest", "drop-newest"),
              "What happens when a new record would exceed spool_max_size or spool_keep_free: "
                  + "drop-oldest (drop the oldest waiting records) or drop-newest (drop the new one). "
                  + "Every drop is journaled."));
  public static final ConfigKey<Long> SPOOL_KEEP_FREE =
      register(
          ConfigKey.integer(
              "spool_keep_free",
              5,
              0,
              99,
              "Percentage (0..99) of the spool filesystem that must stay free; below it new records "
                  + "are handled as if the spool were full. 0 disables the check."));
  public static final ConfigKey<Long> JOURNAL_LIMIT =
      register(
          ConfigKey.integer(
              "journal_limit",
              100,
              1,
              1_000_000,
              "Journal lines kept (the file is pruned when it grows half as large again, as in C); "
                  + "retained payload copies are removed with their lines."));
  public static final ConfigKey<Long> DEAD_LETTER_LIMIT =
      register(
          ConfigKey.integer(
              "dead_letter_limit",
              1000,
              1,
              1_000_000,
              "Records kept in the dead-letter folder; the oldest are removed beyond it."));
  public static final ConfigKey<Long> POSTD_IDLE_EXIT_TIME =
      register(
          ConfigKey.integer(
              "postd_idle_exit_time",
              300,
              1,
              86_400,
              "Seconds telempostd stays without work (empty spool, nothing in flight) before it "
                  + "exits, when daemon_recycling_enabled is true; path activation restarts it."));

  // ---- usage log and usage database (telempostd writes them, telemctl usage reads) ---------

  public static final ConfigKey<String> USAGE_LOG =
      register(
          ConfigKey.string(
                  "usage_log",
                  "",
                  "Usage log: after each record is settled (delivered, dead-lettered, dropped, expired, "
                      + "kept local), one JSON line with its times, size, outcome, attempts, classification "
                      + "label and severity; never an id, payload, path or server. An absolute path (its "
                      + "lines are dropped and counted while its directory is missing; reopened on "
                      + "SIGHUP and when the file is replaced, as by logrotate), or fd:N for a "
                      + "descriptor the service manager passed. Empty: off.")
              .checkedBy(new ValueChecks.UsageLogTarget()));
  public static final ConfigKey<String> USAGE_DB =
      register(
          ConfigKey.optionalPath(
              "usage_db",
              "/var/lib/telemetry/usage.db",
              "Usage database (SQLite, WAL): the queue now, totals since boot and of all time, and one "
                  + "row per settled record (the usage log's fields) for telemctl usage, the report and "
                  + "tools such as munin. Empty: off."));
  public static final ConfigKey<Long> BLUR_USAGE =
      register(
          ConfigKey.integer(
              "blur_usage",
              0,
              0,
              31_536_000,
              "Seconds (0: off) to which the usage log and database round times down; sizes are then "
                  + "rounded up to 10 kB below 1 MB, 1 MB below 1 GB, 100 MB above, and durations to "
                  + "whole seconds, so usage cannot be matched with outside traces."));
  public static final ConfigKey<Long> USAGE_RETENTION_DAYS =
      register(
          ConfigKey.integer(
              "usage_retention_days",
              30,
              1,
              3650,
              "Days the usage database keeps its per-record rows (1..3650); the totals stay."));

  // ---- telemctl (status written by telempostd, read by telemctl status) --------------------

  public static final ConfigKey<String> POSTD_STATUS_FILE =
      register(
          ConfigKey.path(
              "postd_status_file",
              "/var/lib/telemetry/telempostd.status",
              "Status of telempostd (last delivery, last error, counters) as key=value lines; "
                  + "written by telempostd, shown by telemctl status."));
  public static final ConfigKey<String> PROBD_STATUS_FILE =
      register(
          ConfigKey.path(
              "probd_status_file",
              "/var/lib/telemetry/telemprobd.status",
              "Counters of telemprobd over every run (records received, accepted per classification, "
                  + "rejected by reason, connections turned away, staging commits and their durations) "
                  + "and the connections open, as key=value lines; written by telemprobd, read by "
                  + "telemctl metrics and telemetrics-metrics."));

  // ---- telemetrics-metrics -----------------------------------------------------------------

  public static final ConfigKey<String> METRICS_LISTEN =
      register(
          ConfigKey.string(
                  "metrics_listen",
                  "127.0.0.1:9839",
                  "Address (an IP address or localhost, and a port) telemetrics-metrics serves the "
                      + "OpenMetrics endpoint on, http://ADDRESS/metrics; empty: off. Loopback by default: "
                      + "the endpoint has no authentication.")
              .checkedBy(new ValueChecks.Listen()));
  public static final ConfigKey<String> METRICS_CLASSIFICATIONS =
      register(
          ConfigKey.string(
                  "metrics_classifications",
                  "org.clearlinux/hello/* org.clearlinux/crash/* org.clearlinux/kernel/* "
                      + "org.clearlinux/pstore/* org.clearlinux/journal/* org.clearlinux/java/*",
                  "Globs (separated by spaces; * is any characters, ? one) of the classifications that "
                      + "get a classification label of their own in the metrics, at most 32; every other "
                      + "record is counted under \"other\", so the number of series stays bounded.")
              .checkedBy(new ValueChecks.ClassificationGlobs()));

  // ---- probes ------------------------------------------------------------------------------

  public static final ConfigKey<Long> PROBE_CONNECT_TIMEOUT_MS =
      register(ProbeKeys.PROBE_CONNECT_TIMEOUT_MS);
  public static final ConfigKey<Long> PROBE_ACK_TIMEOUT_MS =
      register(ProbeKeys.PROBE_ACK_TIMEOUT_MS);

  // ---- probes: klogscanner, journalprobe, crashprobe-coredump (their options override) ------

  public static final ConfigKey<String> KLOGSCANNER_STATE_FILE =
      register(
          ConfigKey.path(
              "klogscanner_state_file",
              "/var/lib/telemetry/klogscanner/state",
              "klogscanner: file of the boot id, the kernel log sequence number it has read up to and "
                  + "the reports sent per signature this boot (its --state overrides)."));
  public static final ConfigKey<Long> KLOGSCANNER_FLOOD_LIMIT =
      register(
          ConfigKey.integer(
              "klogscanner_flood_limit",
              10,
              0,
              1_000_000_000,
              "klogscanner: records per oops signature and boot; the next one becomes one summary "
                  + "record, later ones are only counted; 0: no limit (its --flood-limit overrides)."));
  public static final ConfigKey<String> JOURNALPROBE_CURSOR_FILE =
      register(
          ConfigKey.path(
              "journalprobe_cursor_file",
              "/var/lib/telemetry/journalprobe/state",
              "journalprobe: file of the journal cursor of the last entry it handled (its --state "
                  + "overrides)."));
  public static final ConfigKey<String> CRASH_SOURCE =
      register(
          ConfigKey.choice(
              "crash_source",
              "core_pattern",
              List.of("core_pattern", "systemd-coredump"),
              "Where crashes come from: core_pattern (the kernel runs crashprobe, as the package sets "
                  + "kernel.core_pattern) or systemd-coredump (crashprobe-coredump.service takes them "
                  + "from systemd-coredump's journal entries where it owns kernel.core_pattern; "
                  + "crashprobe-coredump does nothing otherwise)."));
  public static final ConfigKey<String> CRASH_COREDUMP_CURSOR_FILE =
      register(
          ConfigKey.path(
              "crash_coredump_cursor_file",
              "/var/lib/telemetry/crashprobe/coredump-cursor",
              "crashprobe-coredump: file of the journal cursor of the last crash it handled (its "
                  + "--state overrides)."));

  // ---- telemprobd --------------------------------------------------------------------------

  public static final ConfigKey<List<Long>> PROBD_ALLOWED_UIDS =
      register(
          ConfigKey.idList(
              "probd_allowed_uids",
              "Numeric user ids whose processes may submit records to telemprobd, comma-separated. "
                  + "Empty (and probd_allowed_gids empty): every local user may, as in C. A peer passes "
                  + "when its uid is in this list or one of its groups is in probd_allowed_gids."));
  public static final ConfigKey<List<Long>> PROBD_ALLOWED_GIDS =
      register(
          ConfigKey.idList(
              "probd_allowed_gids",
              "Numeric group ids (primary or supplementary) whose processes may submit records to "
                  + "telemprobd, comma-separated. See probd_allowed_uids."));
  public static final ConfigKey<Long> PROBD_MAX_CONNECTIONS =
      register(
          ConfigKey.integer(
              "probd_max_connections",
              64,
              1,
              4096,
              "Probe connections telemprobd serves at once. Further probes wait in the socket's backlog "
                  + "until a slot frees; one that finds none free within half of probe_ack_timeout_ms is "
                  + "answered with a rejection. Memory use is bounded by this times the largest frame "
                  + "(17 KiB)."));
  public static final ConfigKey<Long> PROBD_CONNECTION_TIMEOUT_MS =
      register(
          ConfigKey.integer(
              "probd_connection_timeout_ms",
              5000,
              100,
              600_000,
              "Milliseconds a probe has to deliver its whole frame, however it is split; a slower "
                  + "connection is answered with a rejection and closed."));
  public static final ConfigKey<Long> PROBD_IDLE_EXIT_SECONDS =
      register(
          ConfigKey.integer(
              "probd_idle_exit_seconds",
              300,
              1,
              86_400,
              "With daemon_recycling_enabled, a socket-activated telemprobd exits after this many "
                  + "seconds without a connection (systemd starts it again on the next one)."));
  public static final ConfigKey<Long> STAGING_MAX_SIZE =
      register(
          ConfigKey.limit(
              "staging_max_size",
              20_480,
              Long.MAX_VALUE / 1024,
              "Quota in KiB of record files waiting in the staging directory; when it is reached "
                  + "telemprobd rejects new records (the probe is told why) instead of filling the "
                  + "disk. 0 or more, or -1 for unlimited."));
  public static final ConfigKey<String> NATIVE_LIBRARY_DIR =
      register(
          ConfigKey.path(
              "native_library_dir",
              "/var/lib/telemetry/native",
              "Directory where the daemons unpack the native part of their Unix socket library at "
                  + "start when it is not installed (the package installs it, and the launchers "
                  + "load it from there); it must allow executing files (unlike a noexec or "
                  + "private /tmp). Overridden by the Java property "
                  + "org.newsclub.net.unix.library.tmpdir."));

  // ---- probes: crashprobe -------------------------------------------------------------------

  public static final ConfigKey<List<String>> CRASH_ALLOW =
      register(
          ConfigKey.list(
                  "crash_allow",
                  List.of(),
                  "crashprobe: comma-separated globs of executable paths whose crashes are reported (for"
                      + " example /usr/bin/*,/usr/lib/**); empty allows every executable the privacy filters"
                      + " pass. * does not cross /, ** does.")
              .checkedBy(new ValueChecks.Globs()));
  public static final ConfigKey<List<String>> CRASH_DENY =
      register(
          ConfigKey.list(
                  "crash_deny",
                  List.of(),
                  "crashprobe: comma-separated globs of executable paths whose crashes are never reported;"
                      + " deny wins over allow. The core of a denied crash is not read.")
              .checkedBy(new ValueChecks.Globs()));
  public static final ConfigKey<Long> CRASH_STACK_PER_THREAD_KB =
      register(
          ConfigKey.integer(
              "crash_stack_per_thread_kb",
              256,
              4,
              65_536,
              "crashprobe: KiB of stack kept above each thread's stack pointer for unwinding."));
  public static final ConfigKey<Long> CRASH_STACK_TOTAL_KB =
      register(
          ConfigKey.integer(
              "crash_stack_total_kb",
              16_384,
              4,
              1_048_576,
              "crashprobe: KiB of stack kept for all threads together; threads beyond it are"
                  + " unwound with less or no stack."));
  public static final ConfigKey<Long> CRASH_PENDING_BUFFER_KB =
      register(
          ConfigKey.integer(
              "crash_pending_buffer_kb",
              32_768,
              0,
              1_048_576,
              "crashprobe: KiB of writable memory held while reading a core whose notes come after its"
                  + " memory (cores written by gdb); the kernel writes notes first and needs none."));
  public static final ConfigKey<String> CRASH_DEBUG_DIR =
      register(
          ConfigKey.path(
              "crash_debug_dir",
              "/usr/lib/debug",
              "crashprobe: directory of separate debug files, looked up as"
                  + " .build-id/xx/rest.debug by build id."));
  public static final ConfigKey<Long> CRASH_DEBUGINFO_WAIT_S =
      register(
          ConfigKey.integer(
              "crash_debuginfo_wait_s",
              0,
              0,
              300,
              "crashprobe: when a backtrace has frames without symbols, wait this many seconds (for"
                  + " debug information being installed) and symbolize once more; 0 never waits."));
  public static final ConfigKey<Long> CRASH_FLOOD_LIMIT =
      register(
          ConfigKey.integer(
              "crash_flood_limit",
              10,
              0,
              1_000_000,
              "crashprobe: records sent per hour for one crash signature (executable and top frames);"
                  + " further crashes are counted and reported in one summary record; 0 disables."));
  public static final ConfigKey<String> CRASH_STATE_DIR =
      register(
          ConfigKey.path(
              "crash_state_dir",
              "/var/lib/telemetry/crashprobe",
              "crashprobe: directory of its flood-control counters."));
  public static final ConfigKey<Boolean> CRASH_CORE_KEEP =
      register(
          ConfigKey.bool(
              "crash_core_keep",
              false,
              "crashprobe: keep each core, gzip-compressed, in crash_core_dir."));
  public static final ConfigKey<String> CRASH_CORE_DIR =
      register(
          ConfigKey.path(
              "crash_core_dir",
              "/var/lib/telemetry/cores",
              "crashprobe: where kept cores are written (mode 0600)."));
  public static final ConfigKey<Long> CRASH_CORE_MAX_KB =
      register(
          ConfigKey.integer(
              "crash_core_max_kb",
              1_048_576,
              0,
              Long.MAX_VALUE / 1024,
              "crashprobe: a kept core whose compressed size would exceed this many KiB is not kept."));
  public static final ConfigKey<Long> CRASH_CORE_DIR_MAX_KB =
      register(
          ConfigKey.integer(
              "crash_core_dir_max_kb",
              4_194_304,
              0,
              Long.MAX_VALUE / 1024,
              "crashprobe: KiB all kept cores may use together; the oldest are deleted to make room."));

  // ---- the launchers (lib/telemetrics-run reads this key itself, before any JVM starts) -----

  public static final ConfigKey<String> JAVA_HOME =
      register(
          ConfigKey.string(
                  "java_home",
                  "",
                  "JDK (17 or later) every program runs on, as an absolute path (its bin/java is started). "
                      + "Empty: JAVA_HOME if set, else the newest JDK 17 or later under /usr/lib/jvm. Read "
                      + "by the launchers from this file only (not from a -f file); run telemetrics-cds "
                      + "after changing it, so the programs get start-up caches for that JDK.")
              .checkedBy(new ValueChecks.EmptyOrAbsolutePath()));
}
