package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;
import org.telemetrics.spool.disk.DropReason;

class AdmissionTest {
  private final FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Log log =
      new Log("t", new PrintStream(out, true, StandardCharsets.UTF_8), Log.Level.DEBUG);
  private final DueScheduler scheduler = new DueScheduler();

  private Admission admission(long maxBytes, int keepFree, int freePercent) {
    return admission(maxBytes, keepFree, freePercent, 1000);
  }

  private Admission admission(long maxBytes, int keepFree, int freePercent, int maxRecords) {
    return new Admission(
        maxBytes,
        true,
        keepFree,
        dir -> freePercent,
        Path.of("/q"),
        scheduler,
        time.source(),
        new LogThrottle(log, time.source(), Duration.ofSeconds(10).toNanos()),
        maxRecords);
  }

  @Test
  void aQueueHoldingAsManyRecordsAsTheHeapAllowsPausesIntakeUntilItDrains() {
    Admission a = admission(-1, 0, 100, 2);
    QueueFile f = new QueueFile(Path.of("/q/f"), 2, 0, null);
    QueuedRecord first = new QueuedRecord("a", f, 0, 100, 80, 1, 1, 0, RetryState.NONE);
    scheduler.add(first);
    assertThat(a.intakePaused()).isFalse();
    scheduler.add(new QueuedRecord("b", f, 0, 100, 80, 2, 1, 0, RetryState.NONE));
    assertThat(a.intakePaused()).isTrue();
    assertThat(a.intakePaused()).as("logged once per interval").isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("the queue holds 2 records, as many as telempostd's heap allows");

    scheduler.forget(first);
    assertThat(a.intakePaused()).isFalse();
  }

  @Test
  void theHeapGivesEachQueuedRecordItsShareAndAtLeastAThousandInAll() {
    assertThat(Admission.recordsThatFit(32L << 20)).isEqualTo(41_943);
    assertThat(Admission.recordsThatFit(512L << 10)).isEqualTo(1000);
  }

  @Test
  void aFullDiskPausesIntakeForAWhileAndIsLoggedOnceNamingTheFile() {
    Admission a = admission(-1, 0, 100);
    assertThat(a.intakePaused()).isFalse();
    for (int i = 0; i < 100; i++) {
      a.noSpace(Path.of("/spool/queue/x"), new IOException("No space left on device"));
    }
    assertThat(a.intakePaused()).isTrue();
    time.advance(Duration.ofNanos(Admission.NO_SPACE_PAUSE_NANOS - 1));
    assertThat(a.intakePaused()).isTrue();
    time.advance(Duration.ofNanos(1));
    assertThat(a.intakePaused()).isFalse();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(1);
    assertThat(text).contains("/spool/queue/x");
  }

  @Test
  void overTheQuotaTheOldestMakeRoomOrTheNewOneIsDropped() throws IOException {
    Admission a = admission(250, 0, 100);
    QueueFile f = new QueueFile(Path.of("/q/f"), 2, 0, null);
    scheduler.add(new QueuedRecord("a", f, 0, 100, 80, 1, 1, 0, RetryState.NONE));
    scheduler.add(new QueuedRecord("b", f, 0, 100, 80, 2, 1, 0, RetryState.NONE));
    assertThat(a.admit(50, reason -> false)).isNull();
    assertThat(a.admit(100, reason -> false)).isEqualTo(DropReason.SPOOL_FULL);
    assertThat(a.admit(100, reason -> scheduler.forget(scheduler.oldestNotInFlight()) || true))
        .isNull();
    assertThat(scheduler.idsByAge()).containsExactly("b");
    assertThat(a.admit(300, reason -> true)).isEqualTo(DropReason.SPOOL_FULL); // never fits
  }

  @Test
  void lowFreeSpaceIsADiskFullDrop() throws IOException {
    assertThat(admission(-1, 10, 3).admit(10, reason -> false)).isEqualTo(DropReason.DISK_FULL);
    assertThat(admission(-1, 10, 50).admit(10, reason -> false)).isNull();
  }
}
