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
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.TimeSource;
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
    first.accepted();
    first.rejected(RejectReason.INVALID);
    writer.maybeWrite();
    assertThat(StatusFile.read(file).getLong("accepted_total")).hasValue(0); // within 2 s
    fake.advance(Duration.ofSeconds(2));
    writer.maybeWrite();
    assertThat(StatusFile.read(file).getLong("accepted_total")).hasValue(1);
    first.accepted();
    writer.write("stopped"); // at exit, whatever the time

    fake.advance(Duration.ofMinutes(10));
    ProbdCounters second = new ProbdCounters();
    second.accepted();
    second.rejected(RejectReason.STAGING_FULL);
    new ProbdStatusWriter(file, second, log, time).write("stopped");

    DaemonStatus status = StatusFile.read(file);
    assertThat(status.getLong("accepted_total")).hasValue(3);
    assertThat(status.getLong("rejected_invalid_total")).hasValue(1);
    assertThat(status.getLong("rejected_staging_full_total")).hasValue(1);
    assertThat(status.getLong("rejected_malformed_total")).hasValue(0);
    assertThat(status.getLong(CounterTotals.SINCE_MS)).hasValue(1_780_000_000_000L);
  }

  @Test
  void aDamagedFileRestartsTheTotalsWithAWarningNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("telemprobd.status"), "\u0000garbage");
    FakeTime fake = new FakeTime(1_780_000_000_000L);
    ProbdCounters counters = new ProbdCounters();
    counters.accepted();
    new ProbdStatusWriter(file, counters, log, new TimeSource(fake.clock(), fake.ticker()))
        .write("stopped");
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains(file.toString());
    assertThat(StatusFile.read(file).getLong("accepted_total")).hasValue(1);
  }
}
