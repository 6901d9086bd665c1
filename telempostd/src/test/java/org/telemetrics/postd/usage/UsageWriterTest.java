package org.telemetrics.postd.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;
import org.telemetrics.usage.UsageBlur;
import org.telemetrics.usage.UsageEvent;
import org.telemetrics.usage.UsageOutcome;

/**
 * The writer's order: the database counts a batch first, then the log gets a line for each record
 * it counted, so a record settled again after a kill has one line as it has one row.
 */
class UsageWriterTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  @TempDir Path dir;
  private final FakeTime time = new FakeTime(NOW);
  private final Log log =
      new Log("test", new PrintStream(new ByteArrayOutputStream()), Log.Level.ERROR);
  private final LogThrottle throttle =
      new LogThrottle(log, time.source(), UsageRecorder.TROUBLE_LOG_NANOS);

  private UsageWriter writer(Path db) throws Exception {
    UsageDbWriter dbWriter =
        new UsageDbWriter(db, "boot-1", UsageBlur.OFF, 30, time.source().wall(), log, throttle);
    dbWriter.open();
    return new UsageWriter(
        new UsageLogWriter(
            dir.resolve("usage.log").toString(), UsageLogWriter.Opener.FILES, throttle),
        dbWriter,
        UsageKeys.load(dir.resolve("usage.db.key"), note -> {}),
        throttle,
        0);
  }

  private static PendingUsage settled(int n) {
    return new PendingUsage(
        "record-" + n,
        new UsageEvent(
            NOW.getEpochSecond() - 2,
            NOW.getEpochSecond(),
            2.0,
            null,
            100 + n,
            UsageOutcome.DELIVERED,
            null,
            1,
            "other",
            2));
  }

  private List<String> lines() throws Exception {
    return Files.readAllLines(dir.resolve("usage.log"));
  }

  private long rows(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM usage")) {
      return r.next() ? r.getLong(1) : -1;
    }
  }

  @Test
  void aRecordSettledAgainAfterARestartGetsNoSecondLine() throws Exception {
    Path db = dir.resolve("usage.db");
    UsageWriter before = writer(db);
    before.writeBatch(new ArrayList<>(List.of(settled(1), settled(2))));
    before.close();

    UsageWriter after = writer(db); // a kill: records 2 and 3 sent again, 3 for the first time
    after.writeBatch(new ArrayList<>(List.of(settled(2), settled(3))));
    after.close();

    assertThat(lines())
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("\"total_bytes\":103"))
        .filteredOn(l -> l.contains("\"total_bytes\":102"))
        .hasSize(1);
    assertThat(rows(db)).isEqualTo(3);
  }

  @Test
  void whileTheDatabaseCannotBeWrittenLinesAreWrittenAtOnceAndNotAgainWhenItIsBack()
      throws Exception {
    Path blocker = dir.resolve("var");
    Files.writeString(blocker, "a file where the database's directory should be");
    Path db = blocker.resolve("usage.db");
    UsageWriter w = writer(db);

    w.writeBatch(new ArrayList<>(List.of(settled(1), settled(2))));
    assertThat(lines()).hasSize(2);

    Files.delete(blocker);
    Files.createDirectory(blocker);
    w.writeBatch(new ArrayList<>(List.of(settled(3))));
    w.close();

    assertThat(lines()).hasSize(3);
    assertThat(rows(db)).isEqualTo(3); // the waiting rows are counted with the next batch
  }

  @Test
  void withoutADatabaseEveryEventGetsItsLine() throws Exception {
    UsageWriter w =
        new UsageWriter(
            new UsageLogWriter(
                dir.resolve("usage.log").toString(), UsageLogWriter.Opener.FILES, throttle),
            null,
            null,
            throttle,
            0);
    w.writeBatch(new ArrayList<>(List.of(settled(1), settled(1))));
    w.close();

    assertThat(lines()).hasSize(2); // nothing to tell a record settled twice by
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingOutTheWindow() throws Exception {
    UsageWriter w = logOnly(3_600_000);
    w.start();
    for (int i = 0; i < UsageWriter.BATCH; i++) {
      w.add(settled(i));
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (lineCount() < UsageWriter.BATCH && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(lineCount()).isEqualTo(UsageWriter.BATCH);
    w.close();
  }

  @Test
  void closeWritesWhatWaitsInTheWindowAtOnce() throws Exception {
    UsageWriter w = logOnly(3_600_000);
    w.start();
    w.add(settled(1));
    Thread.sleep(100); // the thread took it and sleeps out its hour
    w.close();

    assertThat(lines()).hasSize(1);
  }

  private UsageWriter logOnly(long batchMillis) {
    return new UsageWriter(
        new UsageLogWriter(
            dir.resolve("usage.log").toString(), UsageLogWriter.Opener.FILES, throttle),
        null,
        null,
        throttle,
        batchMillis);
  }

  private long lineCount() throws Exception {
    Path f = dir.resolve("usage.log");
    return Files.exists(f) ? lines().size() : 0;
  }
}
