package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.log.Log;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/** systemd's STATUS= follows the queue, when it changed and at most every 2 s. */
@org.junit.jupiter.api.Timeout(30)
class StatusReporterTest {
  @TempDir Path tmp;

  @Test
  void theStatusLineFollowsTheQueueThrottled() throws Exception {
    Path socket = tmp.resolve("notify.sock");
    try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open()) {
      receiver.bind(AFUNIXSocketAddress.of(socket));
      FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
      AtomicInteger queued = new AtomicInteger(15);
      SdNotify notify = new SdNotify(socket.toString());
      StatusReporter status =
          new StatusReporter(
              tmp.resolve("postd.status"),
              () -> new QueueGauges(queued.get(), queued.get() * 100L),
              new Counters(),
              new Log(
                  "t",
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                  Log.Level.DEBUG),
              time.source(),
              notify);
      status.maybeReport(true, false);
      for (int i = 0; i < 10; i++) { // 1 s of changes: none is told before 2 s have passed
        queued.decrementAndGet();
        time.advance(Duration.ofMillis(100));
        status.maybeReport(true, false);
      }
      time.advance(Duration.ofSeconds(1));
      status.maybeReport(true, false);
      status.maybeReport(true, false); // nothing changed: nothing sent
      notify.status("end of test");
      assertThat(List.of(receive(receiver), receive(receiver), receive(receiver)))
          .containsExactly(
              "STATUS=15 records queued", "STATUS=5 records queued", "STATUS=end of test");
    }
  }

  @Test
  void countersStayMonotonicAcrossRestartsThroughTheStatusFile() throws Exception {
    Path file = tmp.resolve("postd.status");
    FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
    long firstStart = time.source().millis();
    Counters first = new Counters();
    first.delivered.addAndGet(7);
    first.droppedSpoolFull.addAndGet(2);
    reporter(file, first, time, new ByteArrayOutputStream()).write("stopped");

    time.advance(Duration.ofMinutes(5));
    Counters second = new Counters();
    second.delivered.addAndGet(3);
    reporter(file, second, time, new ByteArrayOutputStream()).write("stopped");

    DaemonStatus status = StatusFile.read(file);
    assertThat(status.getLong("delivered_total")).hasValue(10);
    assertThat(status.getLong("dropped_spool_full_total")).hasValue(2);
    assertThat(status.getLong("dropped_rate_limit_total")).hasValue(0);
    assertThat(status.getLong(DaemonStatus.DELIVERED)).hasValue(3); // since this start
    assertThat(status.getLong(CounterTotals.SINCE_MS)).hasValue(firstStart);
  }

  @Test
  void aDamagedStatusFileRestartsTheTotalsWithAWarningNamingIt() throws Exception {
    Path file = tmp.resolve("postd.status");
    java.nio.file.Files.writeString(file, "not a status file\n");
    FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
    Counters counters = new Counters();
    counters.delivered.addAndGet(4);
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    reporter(file, counters, time, logged).write("running");

    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains(file.toString())
        .contains("counter totals start again from 0");
    DaemonStatus status = StatusFile.read(file);
    assertThat(status.getLong("delivered_total")).hasValue(4);
    assertThat(status.getLong(CounterTotals.SINCE_MS)).hasValue(time.source().millis());
  }

  @Test
  void aStatusFileThatCannotBeWrittenIsReportedOnceAMinute() throws Exception {
    java.nio.file.Files.writeString(tmp.resolve("lib"), "a file where the directory should be");
    Path file = tmp.resolve("lib/telempostd.status");
    FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
    AtomicInteger queued = new AtomicInteger();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    StatusReporter status =
        new StatusReporter(
            file,
            () -> new QueueGauges(queued.get(), queued.get() * 100L),
            new Counters(),
            new Log("t", new PrintStream(logged, true, StandardCharsets.UTF_8), Log.Level.DEBUG),
            time.source(),
            new SdNotify(null));
    java.util.function.Supplier<List<String>> lines =
        () ->
            logged
                .toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("cannot write " + file))
                .toList();
    for (int i = 0; i < 30; i++) { // a minute of changes, a write every 2 s
      queued.incrementAndGet();
      time.advance(Duration.ofSeconds(2));
      status.maybeReport(true, false);
    }
    assertThat(lines.get()).hasSize(1);

    queued.incrementAndGet();
    time.advance(Duration.ofSeconds(2));
    status.maybeReport(true, false);
    assertThat(lines.get()).hasSize(2);
    assertThat(lines.get().get(1)).contains("29 more like this");
  }

  @Test
  void aGaugeThatChangedIsWrittenOnceTheThrottleAllowsAndAnUnchangedOneIsNotRewritten()
      throws Exception {
    Path file = tmp.resolve("postd.status");
    FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
    long ack = time.source().millis() - 60_000;
    AtomicInteger retries = new AtomicInteger();
    StatusReporter status =
        new StatusReporter(
            file,
            () ->
                new QueueGauges(
                    2,
                    800,
                    4096,
                    OptionalLong.of(ack),
                    retries.get(),
                    OptionalLong.of(9),
                    OptionalLong.empty()),
            new Counters(),
            new Log(
                "t",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Log.Level.DEBUG),
            time.source(),
            new SdNotify(null));
    status.maybeReport(true, false);

    retries.set(1);
    time.advance(Duration.ofSeconds(1));
    status.maybeReport(true, false);
    assertThat(StatusFile.read(file).getLong("retries_pending")).hasValue(0);
    time.advance(Duration.ofSeconds(1));
    status.maybeReport(true, false);
    DaemonStatus written = StatusFile.read(file);
    time.advance(Duration.ofMinutes(10));
    status.maybeReport(true, false);

    assertThat(written.getLong("retries_pending")).hasValue(1);
    assertThat(written.getLong("oldest_queued_ms")).hasValue(ack);
    assertThat(written.getLong("spool_quota_bytes")).hasValue(4096);
    assertThat(written.getLong("spool_used_bytes")).hasValue(800);
    assertThat(written.getLong("rate_limit_records_left")).hasValue(9);
    assertThat(written.get("rate_limit_bytes_left")).isEmpty();
    assertThat(written.get("backend_reachable")).isEmpty(); // no attempt yet
    assertThat(StatusFile.read(file)).isEqualTo(written); // nothing changed in 10 minutes
  }

  @Test
  void theLargestStatusFileTheMetricsCanMakeStaysWithinTheReadersLimit() throws Exception {
    Path file = tmp.resolve("postd.status");
    FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
    StringBuilder globs = new StringBuilder();
    for (int i = 0; i < ClassificationLabels.MAX_GLOBS; i++) {
      globs.append("org.example/glob").append(i).append("/* ");
    }
    Counters counters = new Counters(ClassificationLabels.parse(globs.toString()));
    for (int code = 100; code < 1000; code++) { // a server that makes up its own codes
      counters.delivery.deadLettered(java.util.Optional.of(code));
    }
    counters.error("x".repeat(5000), time.source().millis());
    for (AttemptOutcome a : AttemptOutcome.values()) {
      counters.delivery.attempted(a);
    }

    reporter(file, counters, time, new ByteArrayOutputStream()).write("running");

    assertThat(java.nio.file.Files.size(file)).isLessThan(StatusFile.MAX_BYTES / 2);
    DaemonStatus status = StatusFile.read(file);
    assertThat(status.getLong("dead_lettered_status_404_total")).hasValue(1);
    assertThat(status.getLong("dead_lettered_status_other_total")).hasValue(900 - 61); // 61 named
    assertThat(status.getLong("delivered_class_other_total")).hasValue(0);
  }

  private static StatusReporter reporter(
      Path file, Counters counters, FakeTime time, ByteArrayOutputStream log) {
    return new StatusReporter(
        file,
        () -> new QueueGauges(0, 0),
        counters,
        new Log("t", new PrintStream(log, true, StandardCharsets.UTF_8), Log.Level.DEBUG),
        time.source(),
        new SdNotify(null));
  }

  private static String receive(AFUNIXDatagramChannel ch) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    ch.receive(buf);
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }
}
