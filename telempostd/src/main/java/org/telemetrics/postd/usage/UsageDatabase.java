package org.telemetrics.postd.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.usage.UsageBlur;
import org.telemetrics.usage.UsageOutcome;

/**
 * The usage database (schema: {@link UsageSchema}), written by telempostd alone, one transaction
 * per batch: the rows, {@code since_reboot}, {@code all_time}, their {@code _by_class} splits and
 * {@code current} change together, so a kill -9 at any moment leaves totals that equal their rows.
 * WAL mode lets readers ({@code telemctl}, munin, {@code sqlite3}) read while it writes.
 */
final class UsageDatabase implements AutoCloseable {
  private final Connection c;

  /** Prepared once per connection: a batch only binds and steps them. */
  private PreparedStatement insertKey;

  private PreparedStatement insertRow;
  private final Map<String, PreparedStatement> addTotals = new HashMap<>();
  private final Map<String, PreparedStatement> addByClass = new HashMap<>();
  private PreparedStatement setCurrent;

  private UsageDatabase(Connection c) {
    this.c = c;
  }

  /**
   * Opens (or creates) the database. A file that is not a usage database of ours (damaged, foreign,
   * another schema) is moved aside as {@code <file>.damaged-<time>} with a {@code .reason} note,
   * and a new one is started; {@code onMovedAside} is told where it went.
   */
  static UsageDatabase open(
      Path file, String bootId, UsageBlur blur, Instant now, Consumer<String> onMovedAside)
      throws IOException, SQLException {
    if (Files.exists(file)) {
      String problem = problemOf(file);
      if (problem != null) {
        Path aside = DamagedFiles.moveAside(file, problem, now);
        for (String suffix : List.of("-wal", "-shm")) { // they belong to the damaged file
          Path side = file.resolveSibling(file.getFileName() + suffix);
          if (Files.exists(side)) {
            Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
          }
        }
        onMovedAside.accept(
            "usage database "
                + file
                + " moved aside to "
                + aside
                + ": "
                + problem
                + "; a new one is started");
      }
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try {
      UsageDatabase db = new UsageDatabase(c);
      db.prepare(bootId, blur, now);
      return db;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Why {@code file} is not a usable usage database, or null. */
  static String problemOf(Path file) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
        String result = r.next() ? r.getString(1) : "no answer";
        if (!"ok".equals(result)) {
          return "integrity check failed: " + result;
        }
      }
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      if (tables.isEmpty()) {
        return null; // an empty database (a new file): ours to fill
      }
      if (!tables.containsAll(UsageSchema.REQUIRED)) {
        return "not a usage database (tables " + tables + ")";
      }
      try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key='schema_version'")) {
        String v = r.next() ? r.getString(1) : null;
        if (!UsageSchema.VERSION.equals(v)) {
          return "schema version " + v + ", not " + UsageSchema.VERSION;
        }
      }
      return null;
    } catch (SQLException e) {
      return "not readable as SQLite: " + e.getMessage();
    }
  }

  private void prepare(String bootId, UsageBlur blur, Instant now) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL"); // WAL: a killed process loses nothing committed
      s.execute("PRAGMA busy_timeout=5000");
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String ddl : UsageSchema.TABLES) {
        s.execute(ddl);
      }
      s.execute(
          "INSERT OR IGNORE INTO meta VALUES('schema_version', '" + UsageSchema.VERSION + "')");
      s.execute(
          "INSERT OR IGNORE INTO meta VALUES('created', '"
              + blur.time(now.getEpochSecond())
              + "')");
      s.execute("INSERT OR REPLACE INTO meta VALUES('blur_usage', '" + blur.seconds() + "')");
      insertIfEmpty(s, "current", "INSERT INTO current VALUES(0, 0, 0, 0, 0)");
      insertIfEmpty(s, "all_time", "INSERT INTO all_time VALUES(0, 0, 0, 0, 0, 0, 0)");
      insertIfEmpty(s, "since_reboot", "INSERT INTO since_reboot VALUES('', 0, 0, 0, 0, 0, 0, 0)");
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE since_reboot SET boot_id=?, records=0,"
                + " bytes=0, delivered=0, dead_letter=0, dropped=0, expired=0, local_only=0"
                + " WHERE boot_id IS NOT ?")) {
      p.setString(1, bootId);
      p.setString(2, bootId);
      if (p.executeUpdate() > 0) {
        try (Statement s = c.createStatement()) {
          s.execute("DELETE FROM since_reboot_by_class");
        }
      }
    }
    c.commit();
    insertKey = c.prepareStatement("INSERT OR IGNORE INTO settled_keys(key, day) VALUES(?, ?)");
    insertRow =
        c.prepareStatement(
            "INSERT INTO usage(settled, started, total_time,"
                + " waiting_time, total_bytes, outcome, reason, attempts, classification, severity)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (String table : List.of("all_time", "since_reboot")) {
      StringBuilder sql =
          new StringBuilder("UPDATE " + table + " SET records=records+?, bytes=bytes+?");
      for (UsageOutcome o : UsageOutcome.values()) {
        sql.append(", ").append(o.label()).append('=').append(o.label()).append("+?");
      }
      addTotals.put(table, c.prepareStatement(sql.toString()));
      addByClass.put(
          table,
          c.prepareStatement(
              "INSERT INTO "
                  + table
                  + "_by_class"
                  + "(classification, outcome, records, bytes) VALUES(?, ?, ?, ?)"
                  + " ON CONFLICT(classification, outcome) DO UPDATE"
                  + " SET records=records+excluded.records, bytes=bytes+excluded.bytes"));
    }
    setCurrent =
        c.prepareStatement(
            "UPDATE current SET records_queued=?, bytes_queued=?,"
                + " in_flight=?, oldest_queued_age=?, updated=?");
  }

  private static void insertIfEmpty(Statement s, String table, String insert) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      if (r.getInt(1) == 0) {
        s.execute(insert);
      }
    }
  }

  /**
   * Adds the rows not seen before (by key) and their totals, and sets {@code current}, in one
   * transaction. Returns the rows added, in their order.
   */
  List<UsageRow> write(List<UsageRow> rows, QueueSnapshot current) throws SQLException {
    long[] byOutcome = new long[UsageOutcome.values().length];
    long bytes = 0;
    List<UsageRow> added = new ArrayList<>(rows.size());
    Map<List<String>, long[]> byClass = new HashMap<>(); // (classification, outcome) -> n, bytes
    try {
      for (UsageRow r : rows) {
        insertKey.setBytes(1, r.key());
        insertKey.setLong(2, Math.floorDiv(r.event().settled(), 86_400));
        if (insertKey.executeUpdate() == 0) {
          continue; // settled before a kill, and again after it
        }
        UsageRowBinder.bind(insertRow, r.event());
        insertRow.executeUpdate();
        added.add(r);
        bytes += r.event().totalBytes();
        byOutcome[r.event().outcome().ordinal()]++;
        long[] sum =
            byClass.computeIfAbsent(
                List.of(r.event().classification(), r.event().outcome().label()), k -> new long[2]);
        sum[0]++;
        sum[1] += r.event().totalBytes();
      }
      if (!added.isEmpty()) {
        for (String table : List.of("all_time", "since_reboot")) {
          addTotals(addTotals.get(table), added.size(), bytes, byOutcome);
          addByClass(addByClass.get(table), byClass);
        }
      }
      if (current != null) {
        setCurrent(current);
      }
      c.commit();
      return added;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  private static void addTotals(PreparedStatement p, long records, long bytes, long[] byOutcome)
      throws SQLException {
    p.setLong(1, records);
    p.setLong(2, bytes);
    for (UsageOutcome o : UsageOutcome.values()) {
      p.setLong(3 + o.ordinal(), byOutcome[o.ordinal()]);
    }
    p.executeUpdate();
  }

  private static void addByClass(PreparedStatement p, Map<List<String>, long[]> byClass)
      throws SQLException {
    for (Map.Entry<List<String>, long[]> e : byClass.entrySet()) {
      p.setString(1, e.getKey().get(0));
      p.setString(2, e.getKey().get(1));
      p.setLong(3, e.getValue()[0]);
      p.setLong(4, e.getValue()[1]);
      p.executeUpdate();
    }
  }

  private void setCurrent(QueueSnapshot s) throws SQLException {
    setCurrent.setLong(1, s.recordsQueued());
    setCurrent.setLong(2, s.bytesQueued());
    setCurrent.setLong(3, s.inFlight());
    setCurrent.setDouble(4, s.oldestQueuedAge());
    setCurrent.setLong(5, s.updated());
    setCurrent.executeUpdate();
  }

  /** Removes rows (and their de-duplication keys) settled before {@code cutoffEpochSeconds}. */
  void expire(long cutoffEpochSeconds) throws SQLException {
    try (PreparedStatement rows = c.prepareStatement("DELETE FROM usage WHERE settled < ?");
        PreparedStatement keys = c.prepareStatement("DELETE FROM settled_keys WHERE day < ?")) {
      rows.setLong(1, cutoffEpochSeconds);
      rows.executeUpdate();
      keys.setLong(1, Math.floorDiv(cutoffEpochSeconds, 86_400));
      keys.executeUpdate();
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  private void rollbackQuietly() {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is closed and opened again by the writer
    }
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
