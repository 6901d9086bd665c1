package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/** telemprobd's counters persist as totals over every run, written on change at most every 2 s. */
class ProbdStatusWriterTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log =
      new Log("t", new PrintStream(logged, true, StandardCharsets.UTF_8), Log.Level.DEBUG);

  @Test
  void totalsGrowAcrossRunsAndWritesAreThrottled() throws Exception {
    Path file = tmp.resolve("lib/telemprobd.status");
    FakeTime fake = new FakeTime(1_780_000_000_000L);
    TimeSource time = new TimeSource(fake.clock(), fake.ticker());
    ProbdCounters first = new ProbdCounters();
    ProbdStatusWriter writer = new ProbdStatusWriter(file, first, log, time);
    writer.maybeWrite(); // nothing counted yet, but the first write establishes the totals
    first.accepted("other");
    first.rejected(RejectReason.INVALID);
    writer.maybeWrite();
    assertThat(StatusFile.read(file).getLong("accepted_total")).hasValue(0); // within 2 s
    fake.advance(Duration.ofSeconds(2));
    writer.maybeWrite();
    assertThat(StatusFile.read(file).getLong("accepted_total")).hasValue(1);
    first.accepted("other");
    writer.writeAtExit(); // at exit, whatever the time

    fake.advance(Duration.ofMinutes(10));
    ProbdCounters second = new ProbdCounters();
    second.accepted("other");
    second.rejected(RejectReason.STAGING_FULL);
    new ProbdStatusWriter(file, second, log, time).writeAtExit();

    DaemonStatus status = StatusFile.read(file);
    assertThat(status.getLong("accepted_total")).hasValue(3);
    assertThat(status.getLong("rejected_invalid_total")).hasValue(1);
    assertThat(status.getLong("rejected_staging_full_total")).hasValue(1);
    assertThat(status.getLong("rejected_malformed_total")).hasValue(0);
    assertThat(status.getLong(CounterTotals.SINCE_MS)).hasValue(1_780_000_000_000L);
  }

  @Test
  void aStatusFileThatCannotBeWrittenIsReportedOnceAMinute() throws Exception {
    Files.writeString(tmp.resolve("lib"), "a file where the directory should be");
    Path file = tmp.resolve("lib/telemprobd.status");
    FakeTime fake = new FakeTime(1_780_000_000_000L);
    ProbdCounters counters = new ProbdCounters();
    ProbdStatusWriter writer =
        new ProbdStatusWriter(file, counters, log, new TimeSource(fake.clock(), fake.ticker()));
    for (int i = 0; i < 30; i++) { // a minute of records, a write every 2 s
      counters.accepted("other");
      fake.advance(Duration.ofSeconds(2));
      writer.maybeWrite();
    }
    assertThat(cannotWriteLines()).hasSize(1);

    counters.accepted("other");
    fake.advance(Duration.ofSeconds(2));
    writer.maybeWrite();
    assertThat(cannotWriteLines()).hasSize(2);
    assertThat(cannotWriteLines().get(1)).contains("29 more like this");
  }

  private java.util.List<String> cannotWriteLines() {
    return logged
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.contains("cannot write " + tmp.resolve("lib/telemprobd.status")))
        .toList();
  }

  @Test
  void aDamagedFileRestartsTheTotalsWithAWarningNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("telemprobd.status"), "\u0000garbage");
    FakeTime fake = new FakeTime(1_780_000_000_000L);
    ProbdCounters counters = new ProbdCounters();
    counters.accepted("other");
    new ProbdStatusWriter(file, counters, log, new TimeSource(fake.clock(), fake.ticker()))
        .writeAtExit();
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains(file.toString());
    assertThat(StatusFile.read(file).getLong("accepted_total")).hasValue(1);
  }

  @Test
  void everyNewCounterPersistsAsATotalOverRunsWithThisRunsStart() throws Exception {
    Path file = tmp.resolve("telemprobd.status");
    FakeTime fake = new FakeTime(1_780_000_000_000L);
    ProbdCounters first = new ProbdCounters();
    ProbdStatusWriter firstWriter = new ProbdStatusWriter(file, first, log, fake.source());
    first.frameRead(300);
    first.accepted("org.example/glob/*");
    first.frameRead(200);
    first.rejected(RejectReason.INVALID);
    first.connectionRefused();
    first.stagingCommitted(3_000_000); // 3 ms: the bucket up to 5 ms, b3
    firstWriter.writeAtExit();

    fake.advance(Duration.ofMinutes(10));
    ProbdCounters second = new ProbdCounters();
    ProbdStatusWriter secondWriter = new ProbdStatusWriter(file, second, log, fake.source());
    second.frameRead(100);
    second.accepted("other");
    second.frameRead(50);
    second.accepted("org.example/glob/*");
    second.stagingCommitted(2_000_000_000L); // 2 s: b11 (up to 2.5 s)
    second.stagingCommitted(400_000); // 0.4 ms: b0
    secondWriter.writeAtExit();

    DaemonStatus status = StatusFile.read(file);
    assertThat(status.getLong("received_total")).hasValue(4);
    assertThat(status.getLong("received_bytes_total")).hasValue(650);
    assertThat(status.getLong("accepted_total")).hasValue(3);
    assertThat(status.getLong("connections_refused_total")).hasValue(1);
    assertThat(status.getLong("staging_commits_total")).hasValue(3);
    assertThat(status.getLong("commit_seconds_count_total")).hasValue(3);
    assertThat(status.getLong("commit_seconds_b0_total")).hasValue(1);
    assertThat(status.getLong("commit_seconds_b3_total")).hasValue(1);
    assertThat(status.getLong("commit_seconds_b11_total")).hasValue(1);
    assertThat(status.getLong("commit_seconds_sum_us_total")).hasValue(2_003_400);
    assertThat(
            status.getLong(
                ClassificationLabels.statusKey("accepted", "org.example/glob/*")
                    + CounterTotals.SUFFIX))
        .hasValue(2);
    assertThat(
            status.getLong(
                ClassificationLabels.statusKey("accepted", "other") + CounterTotals.SUFFIX))
        .hasValue(1);
    assertThat(status.getLong("start_ms")).hasValue(1_780_000_600_000L);
    assertThat(status.getLong(CounterTotals.SINCE_MS)).hasValue(1_780_000_000_000L);
  }

  @Test
  void aChangeOfOpenConnectionsAloneIsWrittenAndTheWriteAtExitSaysNone() throws Exception {
    Path file = tmp.resolve("telemprobd.status");
    FakeTime fake = new FakeTime(1_780_000_000_000L);
    ProbdCounters counters = new ProbdCounters();
    ProbdStatusWriter writer = new ProbdStatusWriter(file, counters, log, fake.source());
    writer.maybeWrite();
    assertThat(StatusFile.read(file).getLong("connections_open")).hasValue(0);

    counters.connectionOpened();
    counters.connectionOpened();
    fake.advance(Duration.ofSeconds(2));
    writer.maybeWrite(); // no count changed, a gauge did
    assertThat(StatusFile.read(file).getLong("connections_open")).hasValue(2);

    counters.connectionClosed();
    fake.advance(Duration.ofSeconds(1));
    writer.maybeWrite(); // within 2 s of the last write
    assertThat(StatusFile.read(file).getLong("connections_open")).hasValue(2);
    fake.advance(Duration.ofSeconds(1));
    writer.maybeWrite();
    assertThat(StatusFile.read(file).getLong("connections_open")).hasValue(1);

    writer.writeAtExit(); // one still open when the daemon gave up waiting for it
    DaemonStatus atExit = StatusFile.read(file);
    assertThat(atExit.getLong("connections_open")).hasValue(0);
    assertThat(atExit.get("state")).hasValue("stopped");
  }
}
