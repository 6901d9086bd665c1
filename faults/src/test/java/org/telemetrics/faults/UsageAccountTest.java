package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.faults.FaultyBackend.Fault;
import org.telemetrics.testing.TestRoot;

/**
 * The usage account of real telemprobd and telempostd processes: one usage log line per record with
 * how it ended, and a usage database whose totals match its rows and the backend, also when
 * telempostd is killed with SIGKILL in the middle of a burst, again and again.
 */
@Timeout(300)
class UsageAccountTest {
  private static final String CLASSIFICATION = "org.example/faults/good";

  /** Payloads of 100 + n bytes stay within the 8192 a record may have. */
  private static final int MAX_RECORDS = 8000;

  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();

  private TestRoot root(FaultyBackend backend) {
    return Daemons.root(dir, backend.url())
        .set("usage_log", dir.resolve("usage.log").toString())
        .set("usage_db", dir.resolve("usage.db").toString())
        .set("metrics_classifications", "org.example/faults/*");
  }

  /** Sends record {@code number} with a payload of its own length, so its size names it. */
  private static String send(Daemons d, TelemetryClient client, Ledger ledger, int number) {
    SendResult r =
        client.send(
            client.newRecord(CLASSIFICATION).payload(Ledger.payload(number, 100 + number)).build());
    if (r instanceof SendResult.Accepted a) {
      ledger.acknowledged(number, a.recordId());
      return a.recordId();
    }
    throw new AssertionError("not acknowledged: " + r + "\n" + d.outputs());
  }

  private List<JsonNode> logLines() throws Exception {
    Path log = dir.resolve("usage.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      assertThat(line).startsWith("{").endsWith("}");
      out.add(json.readTree(line));
    }
    return out;
  }

  @Test
  void everyRecordGetsOneLogLineWithItsOutcomeAndTheDatabaseMatchesTheBackend() throws Exception {
    Ledger ledger = new Ledger();
    List<String> ids = new ArrayList<>();
    try (FaultyBackend backend = new FaultyBackend(ledger);
        Daemons d = Daemons.of(root(backend)).start()) {
      TelemetryClient client = d.client();
      for (int i = 0; i < 10; i++) {
        ids.add(send(d, client, ledger, i));
      }
      awaitLines(10, d);
      backend.set(Fault.BAD_REQUEST);
      for (int i = 10; i < 15; i++) {
        ids.add(send(d, client, ledger, i));
      }
      awaitLines(15, d);
      backend.set(Fault.DOWN);
      for (int i = 15; i < 20; i++) {
        ids.add(send(d, client, ledger, i));
      }
      Thread.sleep(2_000); // a few failed attempts each
      backend.set(Fault.NONE);
      awaitLines(20, d);
      assertThat(d.postd.stop()).isZero();

      List<JsonNode> lines = logLines();
      assertThat(lines).hasSize(20);
      Map<String, Integer> outcomes = new HashMap<>();
      lines.forEach(l -> outcomes.merge(l.get("outcome").asText(), 1, Integer::sum));
      assertThat(outcomes).containsOnly(Map.entry("delivered", 15), Map.entry("dead_letter", 5));
      assertThat(lines)
          .filteredOn(l -> l.get("outcome").asText().equals("dead_letter"))
          .allSatisfy(l -> assertThat(l.get("reason").asText()).isEqualTo("http_400"));
      assertThat(lines)
          .allSatisfy(
              l -> {
                assertThat(l.get("classification").asText()).isEqualTo("org.example/faults/*");
                assertThat(l.get("started").asLong()).isPositive();
                assertThat(l.get("attempts").asInt()).isPositive();
              });
      assertThat(lines)
          .filteredOn(l -> l.get("attempts").asInt() > 1)
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l.get("waiting_time").isNumber()).isTrue());
      String text = Files.readString(dir.resolve("usage.log"));
      assertThat(ids).allSatisfy(id -> assertThat(text).doesNotContain(id));
      assertThat(text).doesNotContain("127.0.0.1").doesNotContain("faults 1");

      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("usage.db"))) {
        assertThat(number(c, "SELECT records FROM all_time")).isEqualTo(20);
        assertThat(number(c, "SELECT count(*) FROM usage")).isEqualTo(20);
        assertThat(number(c, "SELECT bytes FROM all_time"))
            .isEqualTo(number(c, "SELECT sum(total_bytes) FROM usage"));
        assertThat(number(c, "SELECT delivered FROM all_time"))
            .isEqualTo(ledger.tally().received())
            .isEqualTo(15);
        assertThat(number(c, "SELECT dead_letter FROM since_reboot")).isEqualTo(5);
        assertThat(number(c, "SELECT records_queued FROM current")).isZero();
      }
    }
  }

  @Test
  void killNineInABurstTwentyTimesLeavesAnIntactDatabaseAndALogThatCountNoRecordTwice()
      throws Exception {
    Ledger ledger = new Ledger();
    SplittableRandom random = new SplittableRandom(16);
    AtomicInteger sent = new AtomicInteger();
    try (FaultyBackend backend = new FaultyBackend(ledger);
        Daemons d = Daemons.of(root(backend)).start()) {
      TelemetryClient client = d.client();
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread burst =
          new Thread(
              () -> {
                while (sending.get() && sent.get() < MAX_RECORDS) {
                  send(d, client, ledger, sent.getAndIncrement());
                  LockSupport.parkNanos(2_000_000); // ~ 300 records a second on a busy machine
                }
              },
              "burst");
      burst.start();
      for (int kill = 0; kill < 20; kill++) {
        Thread.sleep(300 + random.nextInt(700));
        d.postd.kill9();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("usage.db"))) {
          assertThat(text(c, "PRAGMA integrity_check")).as("after kill " + kill).isEqualTo("ok");
        }
        d.postd.start();
      }
      sending.set(false);
      burst.join();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> ledger.missing().isEmpty());
      assertThat(d.postd.stop()).isZero();

      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("usage.db"))) {
        assertThat(text(c, "PRAGMA integrity_check")).isEqualTo("ok");
        // each record's size is its own: a size twice is a record counted twice
        assertThat(
                number(
                    c,
                    "SELECT count(*) FROM (SELECT total_bytes FROM usage"
                        + " GROUP BY total_bytes HAVING count(*) > 1)"))
            .isZero();
        assertThat(number(c, "SELECT count(*) FROM usage"))
            .isEqualTo(number(c, "SELECT records FROM all_time"))
            .isLessThanOrEqualTo(sent.get())
            .isGreaterThan(0);
        assertThat(number(c, "SELECT delivered FROM all_time"))
            .isLessThanOrEqualTo(ledger.tally().received());
        // a record sent again after a kill is written to the log once, like its row
        Map<Long, Integer> linesPerSize = new HashMap<>();
        logLines().forEach(l -> linesPerSize.merge(l.get("total_bytes").asLong(), 1, Integer::sum));
        assertThat(linesPerSize.entrySet())
            .as("record sizes with more than one usage log line")
            .filteredOn(e -> e.getValue() > 1)
            .isEmpty();
        List<Long> rowSizes = new ArrayList<>();
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("SELECT total_bytes FROM usage")) {
          while (r.next()) {
            rowSizes.add(r.getLong(1));
          }
        }
        assertThat(rowSizes)
            .as("a line is written once its row is counted")
            .containsAll(linesPerSize.keySet());
      }
    }
  }

  private void awaitLines(int n, Daemons d) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast(() -> !d.postd.alive())
        .until(() -> logLines().size() >= n);
  }

  private static long number(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : -1;
    }
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
