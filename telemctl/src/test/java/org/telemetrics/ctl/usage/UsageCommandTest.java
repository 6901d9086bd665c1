package org.telemetrics.ctl.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;

class UsageCommandTest {
  static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
  static final long TODAY = Instant.parse("2026-12-04T00:00:00Z").getEpochSecond();

  @TempDir Path tmp;
  Ctl ctl;
  Path db;

  @BeforeEach
  void setUp() {
    ctl = new Ctl(tmp.resolve("root"));
    ctl.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    db = UsageDatabasePath.of(ctl.root.config()).orElseThrow();
  }

  /** Today's rows, yesterday's rows (not today) and totals that differ from the rows. */
  static void standardContent(UsageDbFixture f) throws Exception {
    f.row(TODAY, "org.example/crash/app", "delivered", 1200)
        .row(TODAY + 3600, "org.example/crash/app", "delivered", 800)
        .row(TODAY + 7200, "org.example/crash/app", "dead_letter", 500, "http_400", 1)
        .row(TODAY + 9000, "other", "dropped", 70, "spool_full", 0)
        .row(TODAY - 1, "other", "delivered", 99_999) // yesterday, 23:59:59
        .totals("since_reboot", 40, 40_000, 30, 4, 3, 2, 1)
        .totals("all_time", 1_000_000_000_007L, 9_000_000_000_000L, 1_000_000_000_000L, 7, 0, 0, 0)
        .current(12, 34_567, 2, 93.5, NOW.getEpochSecond() - 60);
  }

  @Test
  void jsonHasTodayByClassificationAndOutcomeAndTheTotalsAsNumbers() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
    }

    Ctl.Run run = ctl.run("usage", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    JsonNode today = json.get("today");
    assertThat(today.get("date").asText()).isEqualTo("2026-12-04");
    assertThat(today.get("records").isIntegralNumber()).isTrue();
    assertThat(today.get("records").asLong()).isEqualTo(4);
    assertThat(today.get("bytes").asLong()).isEqualTo(2570);
    assertThat(today.at("/outcomes/delivered").asLong()).isEqualTo(2);
    assertThat(today.at("/outcomes/dead_letter").asLong()).isEqualTo(1);
    assertThat(today.at("/outcomes/dropped").asLong()).isEqualTo(1);
    assertThat(today.at("/outcomes/expired").asLong()).isZero();
    JsonNode app = today.get("classifications").get("org.example/crash/app");
    assertThat(app.get("records").asLong()).isEqualTo(3);
    assertThat(app.get("bytes").asLong()).isEqualTo(2500);
    assertThat(app.at("/outcomes/dead_letter").asLong()).isEqualTo(1);
    assertThat(today.get("classifications").get("other").get("bytes").asLong()).isEqualTo(70);
    assertThat(json.at("/since_boot/records").asLong()).isEqualTo(40);
    assertThat(json.at("/since_boot/outcomes/local_only").asLong()).isEqualTo(1);
    assertThat(json.at("/all_time/records").asLong()).isEqualTo(1_000_000_000_007L);
    assertThat(json.at("/all_time/bytes").asLong()).isEqualTo(9_000_000_000_000L);
    assertThat(json.at("/current/records_queued").asLong()).isEqualTo(12);
    assertThat(json.at("/current/oldest_queued_age").asDouble()).isEqualTo(93.5);
    assertThat(json.get("blur_usage").asLong()).isZero();
  }

  /** Totals by classification that sum to standardContent's totals. */
  static void byClassContent(UsageDbFixture f) throws Exception {
    f.byClass("since_reboot", "org.example/crash/app", "delivered", 25, 30_000)
        .byClass("since_reboot", "org.example/crash/app", "dead_letter", 4, 4_000)
        .byClass("since_reboot", "other", "delivered", 5, 3_000)
        .byClass("since_reboot", "other", "dropped", 3, 1_500)
        .byClass("since_reboot", "other", "expired", 2, 1_000)
        .byClass("since_reboot", "other", "local_only", 1, 500)
        .byClass(
            "all_time",
            "org.example/crash/app",
            "delivered",
            1_000_000_000_000L,
            8_999_999_999_000L)
        .byClass("all_time", "other", "dead_letter", 7, 1_000);
  }

  @Test
  void jsonHasSinceBootAndAllTimeByClassificationAndOutcome() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
      byClassContent(f);
    }

    Ctl.Run run = ctl.run("usage", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    JsonNode boot = json.at("/since_boot/classifications");
    assertThat(boot.get("org.example/crash/app").get("records").isIntegralNumber()).isTrue();
    assertThat(boot.get("org.example/crash/app").get("records").asLong()).isEqualTo(29);
    assertThat(boot.get("org.example/crash/app").get("bytes").asLong()).isEqualTo(34_000);
    assertThat(boot.at("/org.example~1crash~1app/outcomes/dead_letter").asLong()).isEqualTo(4);
    assertThat(boot.at("/org.example~1crash~1app/outcomes/local_only").asLong()).isZero();
    assertThat(boot.at("/other/records").asLong()).isEqualTo(11);
    assertThat(boot.at("/other/outcomes/expired").asLong()).isEqualTo(2);
    JsonNode all = json.at("/all_time/classifications");
    assertThat(all.at("/org.example~1crash~1app/outcomes/delivered").asLong())
        .isEqualTo(1_000_000_000_000L);
    assertThat(all.at("/other/bytes").asLong()).isEqualTo(1_000);
    assertThat(all.size()).isEqualTo(2);
    assertThat(json.at("/all_time/records").asLong()).isEqualTo(1_000_000_000_007L);
  }

  @Test
  void textShowsSinceBootAndAllTimeByClassification() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
      byClassContent(f);
    }

    Ctl.Run run = ctl.run("usage");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern(
            "Since boot\n.*\n  all +40 +40000 +30 +4 +3 +2 +1\n"
                + "  org.example/crash/app +29 +34000 +25 +4 +0 +0 +0\n"
                + "  other +11 +6000 +5 +0 +3 +2 +1\n")
        .containsPattern(
            "All time\n.*\n  all +1000000000007 .*\n"
                + "  org.example/crash/app +1000000000000 +8999999999000 +1000000000000 +0 .*\n"
                + "  other +7 +1000 +0 +7 +0 +0 +0\n");
  }

  @Test
  void aDatabaseWithoutTheByClassTablesFallsBackToTheTotalsByOutcome() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
      f.withoutByClassTables();
    }

    Ctl.Run json = ctl.run("usage", "--json");
    Ctl.Run text = ctl.run("usage");

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertThat(node.at("/since_boot/records").asLong()).isEqualTo(40);
    assertThat(node.at("/since_boot/outcomes/delivered").asLong()).isEqualTo(30);
    assertThat(node.get("since_boot").has("classifications")).isFalse();
    assertThat(node.get("all_time").has("classifications")).isFalse();
    assertThat(node.at("/today/classifications/other/records").asLong()).isEqualTo(1);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .containsPattern(
            "Since boot\n.*\n  all +40 +40000 .*\n  \\(by classification: not"
                + " kept by the writer of this database\\)\n");
  }

  @Test
  void todayIsTheLocalDayOfTheConfiguredZone() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
    }
    ctl.zone = ZoneId.of("Asia/Kolkata"); // +05:30: the local day began at 18:30 UTC

    Ctl.Run run = ctl.run("usage", "--json");

    JsonNode today = new ObjectMapper().readTree(run.out()).get("today");
    // 15:00 UTC is 20:30 there; the day began 2026-12-03T18:30Z: all five rows are in it
    assertThat(today.get("records").asLong()).isEqualTo(5);
  }

  @Test
  void textShowsTheSameNumbers() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
    }

    Ctl.Run run = ctl.run("usage");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Today (2026-12-04)")
        .containsPattern("org.example/crash/app +3 +2500 +2 +1 +0 +0 +0")
        .containsPattern("Since boot\n.*\n  all +40 +40000 +30 +4 +3 +2 +1")
        .contains("Queued now: 12 records, 34567 bytes, 2 in flight, oldest 94 s");
  }

  @Test
  void textHasTheSameDigitsWhateverTheUsersLocale() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
    }
    Locale before = Locale.getDefault();
    Ctl.Run run;
    try {
      Locale.setDefault(Locale.forLanguageTag("ar-EG")); // formats numbers with Arabic-Indic digits
      run = ctl.run("usage");
    } finally {
      Locale.setDefault(before);
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("org.example/crash/app +3 +2500 +2 +1 +0 +0 +0")
        .contains("Queued now: 12 records, 34567 bytes, 2 in flight, oldest 94 s");
  }

  @Test
  void noDatabaseYetIsExitThreeWithAMessageAndCreatesNothing() {
    Ctl.Run run = ctl.run("usage", "--json");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no usage database yet at " + db);
    assertThat(db).doesNotExist();
  }

  @Test
  void usageDbSetToNothingIsExitThreeSayingUsageIsOff() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        org.telemetrics.config.ConfigKeys.all().stream()
            .anyMatch(k -> k.name().equals(UsageDatabasePath.KEY)),
        "this libtelemetry has no usage_db key yet");
    ctl.root.set(UsageDatabasePath.KEY, "");

    Ctl.Run run = ctl.run("usage");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .startsWith(
            "telemctl usage: the usage database is off (usage_db is "
                + "empty in "
                + ctl.root.configFile());
  }

  @Test
  void aConfiguredPathIsTheOneRead() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        org.telemetrics.config.ConfigKeys.all().stream()
            .anyMatch(k -> k.name().equals(UsageDatabasePath.KEY)),
        "this libtelemetry has no usage_db key yet");
    Path elsewhere = tmp.resolve("elsewhere/usage.db");
    ctl.root.set(UsageDatabasePath.KEY, elsewhere.toString());
    try (UsageDbFixture f = UsageDbFixture.create(elsewhere, 0, TODAY)) {
      standardContent(f);
    }

    Ctl.Run run = ctl.run("usage", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).get("database").asText())
        .isEqualTo(elsewhere.toString());
  }

  @Test
  void aDamagedFileIsOneLineNamingItAndExitOne() throws Exception {
    Files.createDirectories(db.getParent());
    Files.write(
        db,
        "this is not SQLite at all, just text in the file\n"
            .repeat(200)
            .getBytes(StandardCharsets.UTF_8));

    Ctl.Run run = ctl.run("usage");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .doesNotContain("\n")
        .contains(db.toString())
        .contains("not a database");
  }

  @Test
  void aDatabaseWithCorruptPagesIsOneLineNamingIt() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
      for (int i = 0; i < 500; i++) {
        f.row(TODAY + i, "other", "delivered", i);
      }
      try (Statement s = f.connection().createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
    byte[] bytes = Files.readAllBytes(db);
    for (int i = 4096; i < bytes.length; i++) { // every page after the first
      bytes[i] = (byte) 0xA5;
    }
    Files.write(db, bytes);

    Ctl.Run run = ctl.run("usage", "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").startsWith("telemctl usage: " + db);
  }

  @Test
  void aForeignSqliteDatabaseIsNamedAsSuch() throws Exception {
    Files.createDirectories(db.getParent());
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE photos(id INTEGER)");
    }

    Ctl.Run run = ctl.run("usage");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("telemctl usage: " + db + ": not a usage database (no table meta)");
  }

  @Test
  void readsWhileTheWriterHoldsAWriteTransactionAndSeesOnlyCommittedRows() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
      f.connection().setAutoCommit(false);
      f.row(TODAY + 10, "other", "delivered", 5); // not committed while telemctl reads

      Ctl.Run run = ctl.run("usage", "--json");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(new ObjectMapper().readTree(run.out()).at("/today/records").asLong()).isEqualTo(4);
      f.row(TODAY + 11, "other", "delivered", 5); // and the writer goes on, unblocked
      f.connection().commit();
    }
  }

  @Test
  void leavesAStoppedDatabaseAsItWasWithNoFileBesideIt() throws Exception {
    try (UsageDbFixture f = UsageDbFixture.create(db, 0, TODAY)) {
      standardContent(f);
    }
    byte[] before = Files.readAllBytes(db);

    Ctl.Run run = ctl.run("usage", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    // a -wal or -shm made by root would be root's: the writer, another user, could not open it
    try (java.util.stream.Stream<Path> files = Files.list(db.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("usage.db");
    }
  }
}
