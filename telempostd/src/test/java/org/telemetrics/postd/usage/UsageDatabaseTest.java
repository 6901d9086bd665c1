package org.telemetrics.postd.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;
import org.telemetrics.usage.UsageBlur;
import org.telemetrics.usage.UsageEvent;
import org.telemetrics.usage.UsageOutcome;

class UsageDatabaseTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  Path file() {
    return dir.resolve("usage.db");
  }

  UsageDatabase open(String bootId) throws Exception {
    return UsageDatabase.open(file(), bootId, UsageBlur.OFF, NOW, notes::add);
  }

  static UsageRow row(int n, UsageOutcome outcome, long settled) {
    byte[] key = ("key-" + n).getBytes(StandardCharsets.UTF_8);
    return new UsageRow(
        key,
        new UsageEvent(settled - 2, settled, 2.0, null, 100 + n, outcome, null, 1, "other", 2));
  }

  static UsageRow row(int n, UsageOutcome outcome, long settled, String classification) {
    byte[] key = ("key-" + n).getBytes(StandardCharsets.UTF_8);
    return new UsageRow(
        key,
        new UsageEvent(
            settled - 2, settled, 2.0, null, 100 + n, outcome, null, 1, classification, 2));
  }

  long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : -1;
    }
  }

  String text(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  @Test
  void aNewDatabaseHasTheContractsTablesOneRowEachAndIsInWalMode() throws Exception {
    try (UsageDatabase db = open("boot-1")) {
      db.write(List.of(), new QueueSnapshot(3, 300, 1, 12.5, NOW.getEpochSecond()));
    }

    assertThat(text("PRAGMA journal_mode")).isEqualTo("wal");
    assertThat(text("SELECT value FROM meta WHERE key='schema_version'")).isEqualTo("1");
    assertThat(query("SELECT count(*) FROM current")).isEqualTo(1);
    assertThat(query("SELECT count(*) FROM all_time")).isEqualTo(1);
    assertThat(query("SELECT count(*) FROM since_reboot")).isEqualTo(1);
    assertThat(query("SELECT records_queued FROM current")).isEqualTo(3);
    assertThat(text("SELECT boot_id FROM since_reboot")).isEqualTo("boot-1");
    assertThat(text("PRAGMA integrity_check")).isEqualTo("ok");
  }

  @Test
  void totalsEqualTheSumOfTheRowsAndARecordSettledTwiceIsCountedOnce() throws Exception {
    long t = NOW.getEpochSecond();
    try (UsageDatabase db = open("boot-1")) {
      db.write(
          List.of(row(1, UsageOutcome.DELIVERED, t), row(2, UsageOutcome.DEAD_LETTER, t)), null);
      UsageRow third = row(3, UsageOutcome.EXPIRED, t);
      List<UsageRow> added = db.write(List.of(row(2, UsageOutcome.DEAD_LETTER, t), third), null);

      assertThat(added).containsExactly(third);
    }

    assertThat(query("SELECT count(*) FROM usage")).isEqualTo(3);
    assertThat(query("SELECT records FROM all_time")).isEqualTo(3);
    assertThat(query("SELECT bytes FROM all_time"))
        .isEqualTo(query("SELECT sum(total_bytes) FROM usage"))
        .isEqualTo(306);
    assertThat(query("SELECT delivered + dead_letter + expired FROM all_time")).isEqualTo(3);
    assertThat(query("SELECT dead_letter FROM since_reboot")).isEqualTo(1);
  }

  @Test
  void theByClassTotalsEqualTheTotalsAndTheRowsPerClassificationAndOutcome() throws Exception {
    long t = NOW.getEpochSecond();
    try (UsageDatabase db = open("boot-1")) {
      db.write(
          List.of(
              row(1, UsageOutcome.DELIVERED, t, "org.example/crash/app"),
              row(2, UsageOutcome.DELIVERED, t, "org.example/crash/app"),
              row(3, UsageOutcome.DEAD_LETTER, t, "other")),
          null);
      db.write(
          List.of(
              row(3, UsageOutcome.DEAD_LETTER, t, "other"), // settled again
              row(4, UsageOutcome.DELIVERED, t, "org.example/crash/app"),
              row(5, UsageOutcome.EXPIRED, t, "other")),
          null);
    }

    for (String table : List.of("all_time", "since_reboot")) {
      assertThat(query("SELECT sum(records) FROM " + table + "_by_class"))
          .isEqualTo(query("SELECT records FROM " + table))
          .isEqualTo(5);
      assertThat(query("SELECT sum(bytes) FROM " + table + "_by_class"))
          .isEqualTo(query("SELECT bytes FROM " + table))
          .isEqualTo(515);
      assertThat(
              query(
                  "SELECT sum(records) FROM "
                      + table
                      + "_by_class WHERE outcome ="
                      + " 'delivered'"))
          .isEqualTo(query("SELECT delivered FROM " + table))
          .isEqualTo(3);
    }
    // every (classification, outcome) pair agrees with the rows, and no pair is missing
    assertThat(
            query(
                "SELECT count(*) FROM (SELECT classification, outcome, count(*) n,"
                    + " sum(total_bytes) b FROM usage GROUP BY 1, 2) u LEFT JOIN all_time_by_class a"
                    + " USING (classification, outcome) WHERE a.records IS NOT u.n OR a.bytes IS NOT u.b"))
        .isZero();
    assertThat(query("SELECT count(*) FROM all_time_by_class")).isEqualTo(3);
    assertThat(
            query(
                "SELECT bytes FROM all_time_by_class WHERE classification ="
                    + " 'org.example/crash/app' AND outcome = 'delivered'"))
        .isEqualTo(101 + 102 + 104);
  }

  @Test
  void aDatabaseFromBeforeTheByClassTablesGainsThemStartingAtZero() throws Exception {
    long t = NOW.getEpochSecond();
    try (UsageDatabase db = open("boot-1")) {
      db.write(List.of(row(1, UsageOutcome.DELIVERED, t)), null);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE all_time_by_class");
      s.execute("DROP TABLE since_reboot_by_class");
    }

    try (UsageDatabase db = open("boot-1")) {
      db.write(List.of(row(2, UsageOutcome.DROPPED, t)), null);
    }

    assertThat(notes).isEmpty(); // not moved aside
    assertThat(query("SELECT records FROM all_time")).isEqualTo(2);
    assertThat(query("SELECT sum(records) FROM all_time_by_class")).isEqualTo(1);
    assertThat(text("SELECT outcome FROM since_reboot_by_class")).isEqualTo("dropped");
  }

  @Test
  void aNewBootStartsSinceRebootAgainAndKeepsAllTime() throws Exception {
    long t = NOW.getEpochSecond();
    try (UsageDatabase db = open("boot-1")) {
      db.write(List.of(row(1, UsageOutcome.DELIVERED, t)), null);
    }
    try (UsageDatabase db = open("boot-1")) {
      db.write(List.of(row(2, UsageOutcome.DELIVERED, t)), null);
    }
    assertThat(query("SELECT records FROM since_reboot")).isEqualTo(2);

    try (UsageDatabase db = open("boot-2")) {
      db.write(List.of(row(3, UsageOutcome.DROPPED, t)), null);
    }

    assertThat(query("SELECT records FROM since_reboot")).isEqualTo(1);
    assertThat(text("SELECT boot_id FROM since_reboot")).isEqualTo("boot-2");
    assertThat(query("SELECT records FROM all_time")).isEqualTo(3);
    assertThat(query("SELECT sum(records) FROM since_reboot_by_class")).isEqualTo(1);
    assertThat(text("SELECT outcome FROM since_reboot_by_class")).isEqualTo("dropped");
    assertThat(query("SELECT sum(records) FROM all_time_by_class")).isEqualTo(3);
  }

  @Test
  void rowsOlderThanTheRetentionGoOnTheWritersClockAndTheTotalsStay() throws Exception {
    long old = NOW.minusSeconds(31 * 86_400L).getEpochSecond();
    long recent = NOW.minusSeconds(29 * 86_400L).getEpochSecond();
    FakeTime time = new FakeTime(NOW);
    UsageDbWriter writer =
        new UsageDbWriter(
            file(),
            "boot-1",
            UsageBlur.OFF,
            30,
            Clock.fixed(NOW, ZoneOffset.UTC),
            quietLog(),
            new LogThrottle(quietLog(), time.source(), UsageRecorder.TROUBLE_LOG_NANOS));
    writer.open();
    writer.write(
        List.of(row(1, UsageOutcome.DELIVERED, old), row(2, UsageOutcome.DELIVERED, recent)));
    writer.close();
    assertThat(writer.written()).isEqualTo(2);

    UsageDbWriter later =
        new UsageDbWriter(
            file(),
            "boot-1",
            UsageBlur.OFF,
            30,
            Clock.fixed(NOW, ZoneOffset.UTC),
            quietLog(),
            new LogThrottle(quietLog(), time.source(), UsageRecorder.TROUBLE_LOG_NANOS));
    later.open();
    later.write(List.of(row(3, UsageOutcome.DELIVERED, NOW.getEpochSecond())));
    later.close();

    assertThat(query("SELECT count(*) FROM usage WHERE settled < " + (old + 1))).isZero();
    assertThat(query("SELECT count(*) FROM usage")).isEqualTo(2);
    assertThat(query("SELECT records FROM all_time")).isEqualTo(3);
  }

  @Test
  void aDamagedFileIsMovedAsideWithItsReasonAndANewDatabaseStarted() throws Exception {
    byte[] garbage = new byte[8192];
    new java.util.Random(7).nextBytes(garbage);
    Files.write(file(), garbage);

    try (UsageDatabase db = open("boot-1")) {
      db.write(List.of(row(1, UsageOutcome.DELIVERED, NOW.getEpochSecond())), null);
    }

    List<Path> aside = movedAside();
    assertThat(aside).hasSize(1);
    assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(garbage);
    assertThat(
            Files.readString(aside.get(0).resolveSibling(aside.get(0).getFileName() + ".reason")))
        .contains("not readable as SQLite");
    assertThat(notes).singleElement().asString().contains("moved aside to " + aside.get(0));
    assertThat(query("SELECT records FROM all_time")).isEqualTo(1);
  }

  @Test
  void aForeignSqliteDatabaseIsMovedAsideNotWrittenInto() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE photos(name TEXT)");
      s.execute("INSERT INTO photos VALUES('holiday.jpg')");
    }

    open("boot-1").close();

    assertThat(movedAside()).hasSize(1);
    assertThat(notes).singleElement().asString().contains("not a usage database");
    assertThat(query("SELECT count(*) FROM usage")).isZero();
  }

  private List<Path> movedAside() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("usage.db.damaged-"))
          .filter(
              p ->
                  !p.toString().endsWith(".reason")
                      && !p.toString().endsWith("-wal")
                      && !p.toString().endsWith("-shm"))
          .toList();
    }
  }

  private static Log quietLog() {
    return new Log("test", new PrintStream(new ByteArrayOutputStream()), Log.Level.ERROR);
  }
}
