package org.telemetrics.ctl.usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a usage database with the schema telempostd's writer uses (WAL, the seven tables), for
 * telemctl's tests; rows and totals are set independently so a test can tell which one a command
 * read.
 */
public final class UsageDbFixture implements AutoCloseable {
  private static final String[] SCHEMA = {
    "PRAGMA journal_mode=WAL",
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE usage(id INTEGER PRIMARY KEY, settled INTEGER NOT NULL,"
        + " started INTEGER NOT NULL, total_time REAL NOT NULL, waiting_time REAL,"
        + " total_bytes INTEGER NOT NULL, outcome TEXT NOT NULL, reason TEXT,"
        + " attempts INTEGER NOT NULL, classification TEXT NOT NULL,"
        + " severity INTEGER NOT NULL)",
    "CREATE TABLE current(records_queued INTEGER, bytes_queued INTEGER, in_flight INTEGER,"
        + " oldest_queued_age REAL, updated INTEGER)",
    "CREATE TABLE since_reboot(boot_id TEXT, records INTEGER, bytes INTEGER,"
        + " delivered INTEGER, dead_letter INTEGER, dropped INTEGER, expired INTEGER,"
        + " local_only INTEGER)",
    "CREATE TABLE all_time(records INTEGER, bytes INTEGER, delivered INTEGER,"
        + " dead_letter INTEGER, dropped INTEGER, expired INTEGER, local_only INTEGER)",
    "CREATE TABLE all_time_by_class(classification TEXT NOT NULL, outcome TEXT NOT NULL,"
        + " records INTEGER NOT NULL, bytes INTEGER NOT NULL,"
        + " PRIMARY KEY(classification, outcome))",
    "CREATE TABLE since_reboot_by_class(classification TEXT NOT NULL,"
        + " outcome TEXT NOT NULL, records INTEGER NOT NULL, bytes INTEGER NOT NULL,"
        + " PRIMARY KEY(classification, outcome))"
  };

  private final Connection c;

  private UsageDbFixture(Connection c) {
    this.c = c;
  }

  /** A new database at {@code file} (its directory is created), blurred to {@code blur} s. */
  public static UsageDbFixture create(Path file, long blur, long created) throws Exception {
    Files.createDirectories(file.getParent());
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      for (String sql : SCHEMA) {
        s.execute(sql);
      }
      s.execute(
          "INSERT INTO meta VALUES ('schema_version', '1'), ('blur_usage', '"
              + blur
              + "'), ('created', '"
              + created
              + "')");
    }
    return new UsageDbFixture(c);
  }

  public Connection connection() {
    return c;
  }

  public UsageDbFixture row(long settled, String classification, String outcome, long bytes)
      throws SQLException {
    return row(settled, classification, outcome, bytes, null, 1);
  }

  public UsageDbFixture row(
      long settled, String classification, String outcome, long bytes, String reason, int attempts)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO usage(settled, started,"
                + " total_time, waiting_time, total_bytes, outcome, reason, attempts, classification,"
                + " severity) VALUES (?, ?, 1.5, NULL, ?, ?, ?, ?, ?, 2)")) {
      p.setLong(1, settled);
      p.setLong(2, settled - 1);
      p.setLong(3, bytes);
      p.setString(4, outcome);
      p.setString(5, reason);
      p.setInt(6, attempts);
      p.setString(7, classification);
      p.executeUpdate();
    }
    return this;
  }

  /** Sets since_reboot or all_time: records, bytes, then the five outcomes in schema order. */
  public UsageDbFixture totals(String table, long records, long bytes, long... outcomes)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + table);
      String boot = table.equals("since_reboot") ? "'boot', " : "";
      s.execute(
          "INSERT INTO "
              + table
              + " VALUES ("
              + boot
              + records
              + ", "
              + bytes
              + ", "
              + outcomes[0]
              + ", "
              + outcomes[1]
              + ", "
              + outcomes[2]
              + ", "
              + outcomes[3]
              + ", "
              + outcomes[4]
              + ")");
    }
    return this;
  }

  /** Sets one (classification, outcome) total of since_reboot_by_class or all_time_by_class. */
  public UsageDbFixture byClass(
      String table, String classification, String outcome, long records, long bytes)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("INSERT OR REPLACE INTO " + table + "_by_class VALUES (?, ?, ?, ?)")) {
      p.setString(1, classification);
      p.setString(2, outcome);
      p.setLong(3, records);
      p.setLong(4, bytes);
      p.executeUpdate();
    }
    return this;
  }

  /** Makes this a database of a writer from before the totals by classification. */
  public UsageDbFixture withoutByClassTables() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE all_time_by_class");
      s.execute("DROP TABLE since_reboot_by_class");
    }
    return this;
  }

  public UsageDbFixture current(long records, long bytes, long inFlight, double age, long updated)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM current");
      s.execute(
          "INSERT INTO current VALUES ("
              + records
              + ", "
              + bytes
              + ", "
              + inFlight
              + ", "
              + age
              + ", "
              + updated
              + ")");
    }
    return this;
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
