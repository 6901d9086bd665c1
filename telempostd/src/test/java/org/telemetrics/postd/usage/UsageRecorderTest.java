package org.telemetrics.postd.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;
import org.telemetrics.postd.spool.Settlement;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.usage.UsageBlur;
import org.telemetrics.usage.UsageOutcome;

/** What a settlement becomes in the log and the database, blurred and without identifiers. */
class UsageRecorderTest {
  private static final HostInfo HOST =
      new HostInfo(
          "x86_64",
          "QEMU|Standard PC (Q35)|pc-q35-8.2",
          "12",
          "6.18.44-fc-v657",
          "debian",
          "no_bn_file|no_bv_file",
          "AMD EPYC 7B13 64-Core",
          "no_bv_file");
  private static final String ID = "0123456789abcdef0123456789abcdef";
  @TempDir Path dir;
  private final FakeTime time = new FakeTime(Instant.parse("2026-12-04T10:17:23.456Z"));

  UsageRecorder recorder(UsageBlur blur) {
    UsageSettings settings =
        new UsageSettings(
            dir.resolve("usage.log").toString(),
            Optional.of(dir.resolve("usage.db")),
            true,
            blur,
            30,
            dir.resolve("native"));
    return UsageRecorder.start(
        settings,
        ClassificationLabels.parse("org.example/secret/*"),
        "boot-1",
        time.source(),
        new Log("test", new PrintStream(new ByteArrayOutputStream()), Log.Level.ERROR));
  }

  SpoolEntry entry(String classification, String payload, long receivedMillis) {
    return SpoolEntry.of(
        ID,
        receivedMillis,
        RecordBuilder.create(classification, HOST)
            .payload(payload)
            .build()
            .withMachineId("fedcba9876543210fedcba9876543210"));
  }

  @Test
  void withBlurringOnNoFieldOfTheLogOrTheDatabaseIsFinerThanConfigured() throws Exception {
    long received = time.source().millis() - 2_345;
    try (UsageRecorder r = recorder(new UsageBlur(3600))) {
      r.settled(
          entry("org.example/secret/thing", "x".repeat(5_000), received),
          new Settlement(UsageOutcome.DELIVERED, null, 3, 1_234, 0),
          time.source().millis());
      r.current(new QueueSnapshot(2, 12_345, 1, 61.7, time.source().millis() / 1000));
    }

    JsonNode line = new ObjectMapper().readTree(Files.readString(dir.resolve("usage.log")));
    assertThat(line.get("started").asLong() % 3600).isZero();
    assertThat(line.get("total_time").asDouble()).isEqualTo(2.0);
    assertThat(line.get("waiting_time").asDouble()).isEqualTo(1.0);
    assertThat(line.get("total_bytes").asLong()).isEqualTo(10_000);
    assertThat(line.get("classification").asText()).isEqualTo("org.example/secret/*");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("usage.db"));
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT settled, started, total_time, waiting_time," + " total_bytes FROM usage")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1) % 3600).isZero();
        assertThat(rs.getLong(2) % 3600).isZero();
        assertThat(rs.getDouble(3) % 1).isZero();
        assertThat(rs.getDouble(4) % 1).isZero();
        assertThat(rs.getLong(5) % 10_000).isZero();
      }
      try (ResultSet rs =
          s.executeQuery("SELECT bytes_queued, oldest_queued_age, updated" + " FROM current")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(20_000);
        assertThat(rs.getDouble(2)).isEqualTo(62.0);
        assertThat(rs.getLong(3) % 3600).isZero();
      }
      try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key='created'")) {
        assertThat(rs.next()).isTrue();
        assertThat(Long.parseLong(rs.getString(1)) % 3600).isZero();
      }
    }
  }

  @Test
  void neitherTheLogNorTheDatabaseHoldsAnIdentifierOrTheRawClassification() throws Exception {
    long received = time.source().millis();
    try (UsageRecorder r = recorder(UsageBlur.OFF)) {
      time.advance(Duration.ofMillis(250));
      r.settled(
          entry("org.example/private/name", "payload text", received),
          new Settlement(UsageOutcome.DEAD_LETTER, "http_400", 1, Settlement.NOT_HELD_BACK, 0),
          time.source().millis());
    }

    String log = Files.readString(dir.resolve("usage.log"));
    assertThat(log)
        .contains("\"classification\":\"other\"")
        .contains("\"total_time\":0.25")
        .contains("\"waiting_time\":null")
        .contains("\"reason\":\"http_400\"")
        .doesNotContain(ID)
        .doesNotContain("fedcba9876543210")
        .doesNotContain("private")
        .doesNotContain("payload text");
    byte[] db = Files.readAllBytes(dir.resolve("usage.db"));
    String dbText = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(dbText)
        .doesNotContain(ID)
        .doesNotContain("fedcba9876543210")
        .doesNotContain("private")
        .doesNotContain("payload text");
  }

  @Test
  void aRecordSettledAgainAfterAKillHasOneLineAsItHasOneRow() throws Exception {
    long received = time.source().millis();
    Settlement delivered =
        new Settlement(UsageOutcome.DELIVERED, null, 1, Settlement.NOT_HELD_BACK, 0);
    try (UsageRecorder r = recorder(UsageBlur.OFF)) {
      r.settled(entry("org.example/secret/a", "sent once", received), delivered, received);
    }
    try (UsageRecorder r = recorder(UsageBlur.OFF)) { // the daemon after a kill: sent again
      r.settled(entry("org.example/secret/a", "sent once", received), delivered, received);
    }

    assertThat(Files.readAllLines(dir.resolve("usage.log"))).hasSize(1);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("usage.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT records FROM all_time")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
  }
}
