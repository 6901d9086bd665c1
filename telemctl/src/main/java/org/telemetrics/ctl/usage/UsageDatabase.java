package org.telemetrics.ctl.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * The usage database telempostd writes, opened read-only. Everything read through one instance
 * comes from one read transaction, so the totals, the days and the queue agree with each other; in
 * WAL mode that reader never blocks the writer, nor the writer it.
 *
 * <p>Every failure is an {@link IOException} whose message is one line naming the file.
 */
public final class UsageDatabase implements AutoCloseable {
  static final int SCHEMA_VERSION = 1;

  /** Rows are summed per quarter hour in SQL: every zone's offset is a multiple of it. */
  private static final long BUCKET_SECONDS = 900;

  private final Path file;
  private final Connection connection;

  private UsageDatabase(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens {@code file} read-only (it must exist) and checks that it is a usage database.
   *
   * <p>While a writer has the database open, its {@code -wal} and {@code -shm} files exist and a
   * WAL reader shares them. With the writer stopped they are gone, and a WAL reader would create
   * them: owned by whoever runs telemctl (root would leave files the writer's user cannot open),
   * and impossible for a user who may read the database but not write its directory. So a database
   * without a {@code -wal} file is read as immutable, creating nothing; should a writer start
   * during that read and checkpoint into the file, the read fails as damaged, and a second run
   * reads it the normal way.
   */
  public static UsageDatabase open(Path file) throws IOException {
    boolean writerOpen = Files.exists(Path.of(file + "-wal"));
    String url =
        writerOpen
            ? "jdbc:sqlite:" + file
            : "jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1";
    try {
      return open(file, url);
    } catch (SQLException e) {
      throw failure(file, e);
    }
  }

  private static UsageDatabase open(Path file, String url) throws SQLException, IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5_000);
    UsageDatabase db = new UsageDatabase(file, config.createConnection(url));
    try {
      db.connection.setAutoCommit(false); // one read transaction for everything read
      db.checkSchema();
      return db;
    } catch (SQLException | IOException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  /** Throws SQLException when SQLite cannot read the file, IOException when it is foreign. */
  private void checkSchema() throws SQLException, IOException {
    List<String> missing =
        new ArrayList<>(List.of("meta", "usage", "current", "since_reboot", "all_time"));
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (r.next()) {
        missing.remove(r.getString(1));
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException(file + ": not a usage database (no table " + missing.get(0) + ")");
    }
    String version = meta().getOrDefault("schema_version", "");
    if (!version.equals(Integer.toString(SCHEMA_VERSION))) {
      throw new IOException(
          file
              + ": usage database schema version '"
              + version
              + "', this telemctl reads version "
              + SCHEMA_VERSION);
    }
  }

  /** The {@code meta} table: schema_version, blur_usage, created. */
  public Map<String, String> meta() throws IOException {
    Map<String, String> meta = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT key, value FROM meta")) {
      while (r.next()) {
        meta.put(r.getString(1), r.getString(2));
      }
      return meta;
    } catch (SQLException e) {
      throw failure(file, e);
    }
  }

  /** The one row of {@code since_reboot} or {@code all_time}; zeros while there is none. */
  public Tally totals(String table) throws IOException {
    if (!table.equals("since_reboot") && !table.equals("all_time")) {
      throw new IllegalArgumentException(table);
    }
    String columns = "records, bytes, " + String.join(", ", Tally.OUTCOMES);
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT " + columns + " FROM " + table + " LIMIT 1")) {
      if (!r.next()) {
        return Tally.ZERO;
      }
      Map<String, Long> outcomes = new LinkedHashMap<>();
      for (int i = 0; i < Tally.OUTCOMES.size(); i++) {
        outcomes.put(Tally.OUTCOMES.get(i), r.getLong(3 + i));
      }
      return new Tally(r.getLong(1), r.getLong(2), outcomes);
    } catch (SQLException e) {
      throw failure(file, e);
    }
  }

  /**
   * {@code all_time_by_class} or {@code since_reboot_by_class}: the totals by classification and
   * outcome, in name order; empty when the database is from a writer before these tables.
   */
  public Optional<SortedMap<String, Tally>> totalsByClass(String table) throws IOException {
    if (!table.equals("since_reboot") && !table.equals("all_time")) {
      throw new IllegalArgumentException(table);
    }
    String byClass = table + "_by_class";
    try (PreparedStatement has =
        connection.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      has.setString(1, byClass);
      try (ResultSet r = has.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
      }
      SortedMap<String, Tally> out = new TreeMap<>();
      try (Statement s = connection.createStatement();
          ResultSet r =
              s.executeQuery("SELECT classification, outcome, records, bytes FROM " + byClass)) {
        while (r.next()) {
          out.merge(
              r.getString(1),
              Tally.ZERO.plus(r.getString(2), r.getLong(3), r.getLong(4)),
              Tally::plus);
        }
      }
      return Optional.of(out);
    } catch (SQLException e) {
      throw failure(file, e);
    }
  }

  /** The {@code current} row. */
  public QueueNow current() throws IOException {
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT records_queued, bytes_queued, in_flight,"
                    + " oldest_queued_age, updated FROM current LIMIT 1")) {
      if (!r.next()) {
        return QueueNow.NONE;
      }
      long updated = r.getLong(5);
      OptionalLong when = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(updated);
      return new QueueNow(r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), when);
    } catch (SQLException e) {
      throw failure(file, e);
    }
  }

  /**
   * The rows settled on each local day from {@code first} to {@code last} (both included), by
   * classification and outcome; a day without rows is there, empty.
   */
  public List<DayUsage> days(LocalDate first, LocalDate last, ZoneId zone) throws IOException {
    long from = first.atStartOfDay(zone).toEpochSecond();
    long to = last.plusDays(1).atStartOfDay(zone).toEpochSecond();
    Map<LocalDate, Map<String, Tally>> days = new TreeMap<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.put(d, new HashMap<>());
    }
    String sql =
        "SELECT settled / "
            + BUCKET_SECONDS
            + ", classification, outcome, count(*),"
            + " total(total_bytes) FROM usage WHERE settled >= ? AND settled < ?"
            + " GROUP BY 1, 2, 3";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setLong(1, from);
      s.setLong(2, to);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          LocalDate day =
              Instant.ofEpochSecond(r.getLong(1) * BUCKET_SECONDS).atZone(zone).toLocalDate();
          Map<String, Tally> byClass = days.get(day);
          if (byClass != null) { // always, but for a zone offset that is not whole quarters
            byClass.merge(
                r.getString(2),
                Tally.ZERO.plus(r.getString(3), r.getLong(4), (long) r.getDouble(5)),
                Tally::plus);
          }
        }
      }
    } catch (SQLException e) {
      throw failure(file, e);
    }
    List<DayUsage> out = new ArrayList<>();
    days.forEach((day, byClass) -> out.add(new DayUsage(day, byClass)));
    return out;
  }

  /** The {@code limit} rows settled last, newest first. */
  public List<SettledRecord> latest(int limit) throws IOException {
    String sql =
        "SELECT settled, classification, total_bytes, outcome, reason, attempts"
            + " FROM usage ORDER BY settled DESC, id DESC LIMIT ?";
    List<SettledRecord> out = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setInt(1, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new SettledRecord(
                  r.getLong(1),
                  r.getString(2),
                  r.getLong(3),
                  r.getString(4),
                  Optional.ofNullable(r.getString(5)),
                  r.getLong(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure(file, e);
    }
  }

  /** One line naming the file: SQLite's own words for what is wrong with it. */
  static IOException failure(Path file, SQLException e) {
    String reason = e instanceof SQLiteException s ? s.getResultCode().message : e.getMessage();
    return new IOException(file + ": cannot read the usage database (" + reason + ")", e);
  }

  @Override
  public void close() {
    try {
      connection.rollback(); // end the read transaction; nothing was written
      connection.close();
    } catch (SQLException e) {
      // read-only: nothing to lose
    }
  }
}
