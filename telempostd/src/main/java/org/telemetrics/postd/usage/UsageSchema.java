package org.telemetrics.postd.usage;

import java.util.List;

/**
 * The usage database's tables (docs/architecture.md). {@code settled_keys} is private to the
 * writer: each settled record's (blurred) started time and a salted hash of its id ({@link
 * UsageKeys}), so a record settled again after a kill is not counted twice; the salt is not in the
 * database, so its readers cannot link a key to a record id.
 */
final class UsageSchema {
  static final String VERSION = "1";

  static final List<String> TABLES =
      List.of(
          "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
          "CREATE TABLE IF NOT EXISTS usage(id INTEGER PRIMARY KEY, settled INTEGER NOT NULL,"
              + " started INTEGER NOT NULL, total_time REAL NOT NULL, waiting_time REAL,"
              + " total_bytes INTEGER NOT NULL, outcome TEXT NOT NULL, reason TEXT,"
              + " attempts INTEGER NOT NULL, classification TEXT NOT NULL,"
              + " severity INTEGER NOT NULL)",
          "CREATE INDEX IF NOT EXISTS usage_settled ON usage(settled)",
          "CREATE TABLE IF NOT EXISTS current(records_queued INTEGER, bytes_queued INTEGER,"
              + " in_flight INTEGER, oldest_queued_age REAL, updated INTEGER)",
          "CREATE TABLE IF NOT EXISTS since_reboot(boot_id TEXT, records INTEGER, bytes INTEGER,"
              + " delivered INTEGER, dead_letter INTEGER, dropped INTEGER, expired INTEGER,"
              + " local_only INTEGER)",
          "CREATE TABLE IF NOT EXISTS all_time(records INTEGER, bytes INTEGER, delivered INTEGER,"
              + " dead_letter INTEGER, dropped INTEGER, expired INTEGER, local_only INTEGER)",
          byClass("all_time_by_class"),
          byClass("since_reboot_by_class"),
          "CREATE TABLE IF NOT EXISTS settled_keys(key BLOB PRIMARY KEY, day INTEGER NOT NULL)"
              + " WITHOUT ROWID");

  /**
   * Tables a database of ours has; one without them is foreign. The {@code _by_class} tables are
   * not among them: a database from before them gains them on open, starting at zero.
   */
  static final List<String> REQUIRED =
      List.of("meta", "usage", "current", "since_reboot", "all_time", "settled_keys");

  /**
   * The totals of {@code all_time} or {@code since_reboot} split by classification and outcome
   * (classification is the bounded metrics label, so the table stays small).
   */
  private static String byClass(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + "(classification TEXT NOT NULL,"
        + " outcome TEXT NOT NULL, records INTEGER NOT NULL, bytes INTEGER NOT NULL,"
        + " PRIMARY KEY(classification, outcome))";
  }

  private UsageSchema() {}
}
