package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.files.Directories;
import org.telemetrics.log.Log;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * A retry note a restart reads keeps its time when it is one a running daemon could have set: a
 * Retry-After's spread may be later than the longest backoff. Before, the start pulled every note
 * due later than {@code retry_max_delay_ms} to it, and such a record was sent too early. A note
 * later than any wait is pulled back by the running rule at the first turn (ClockStepTest).
 */
class StartupRetryNoteTest {
  private static final HostInfo HOST =
      new HostInfo("x86_64", "t", "12", "6.1", "debian", "b", "cpu", "v");

  @TempDir Path dir;
  private final FakeTime time = new FakeTime(Instant.parse("2026-12-06T08:00:00Z"));
  private final Log log =
      new Log("telempostd", new PrintStream(new ByteArrayOutputStream(), true), Log.Level.INFO);

  @Test
  void aNoteDueLaterThanTheLongestBackoffButWithinARetryAftersSpreadKeepsItsTime()
      throws IOException {
    Layout layout = TestRoot.create(dir).layout();
    Directories.ensure(layout.queueDir());
    String id = Ids.random128();
    Files.write(
        layout.queueDir().resolve(id),
        SpoolFileFormat.encode(
            SpoolEntry.of(
                id,
                time.source().millis(),
                RecordBuilder.create("org.example/retry/t", HOST)
                    .payload("p")
                    .build()
                    .withMachineId("0123456789abcdef0123456789abcdef"))));
    // beyond a longest backoff of 60 s, as a Retry-After's spread may be (the start knows none)
    long retryAfterSpread = time.source().millis() + 90_000;
    Files.write(
        layout.queueDir().resolve(id + RetryState.SUFFIX),
        new RetryState(2, retryAfterSpread, true, "HTTP 503").encode());
    QueueIndexing queue = new QueueIndexing(layout, time, log);

    queue.start(1000);

    QueuedRecord r = queue.scheduler.takeDue(Long.MAX_VALUE);
    assertThat(r.id).isEqualTo(id);
    assertThat(r.retry().nextAttemptMillis()).isEqualTo(retryAfterSpread);
    assertThat(r.retry().attempts()).isEqualTo(2);
  }
}
