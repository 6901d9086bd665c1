package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;

/**
 * A file's settled log is appended to at most once every {@link QueueFile#LOG_AFTER_NANOS}: the ids
 * settled in between wait in memory for the next append or the loop's flush.
 */
class SettledLogsTest {
  private static final String A = "0123456789abcdef0123456789abcde1";
  private static final String B = "0123456789abcdef0123456789abcde2";
  private static final String C = "0123456789abcdef0123456789abcde3";
  private static final Duration LOG_AFTER = Duration.ofNanos(QueueFile.LOG_AFTER_NANOS);

  @TempDir Path dir;
  private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
  private SettledLogs logs;
  private QueueFile file;

  @BeforeEach
  void setUp() throws IOException {
    Log quiet = new Log("t", new PrintStream(new ByteArrayOutputStream(), true), Log.Level.DEBUG);
    logs = new SettledLogs(time.source(), new LogThrottle(quiet, time.source(), 1));
    Path batch = dir.resolve(A + ".batch");
    Files.write(batch, new byte[] {1});
    file = new QueueFile(batch, 4, time.source().nanos(), DiskWrites.system());
  }

  @Test
  void idsSettledSoonAfterAnAppendWaitForTheNextFlushInsteadOfAnAppendEach() throws IOException {
    time.advance(LOG_AFTER.multipliedBy(2));
    logs.note(file, A); // the file is old: appended at once
    logs.note(file, B);
    logs.note(file, C);

    assertThat(logged()).containsExactly(A);
    logs.flush(false);
    assertThat(logged()).as("not due yet").containsExactly(A);

    time.advance(LOG_AFTER);
    logs.flush(false);
    assertThat(logged()).containsExactly(A, B, C);
  }

  @Test
  void theNextIdAfterTheIntervalIsAppendedAtOnceWithThoseWaiting() throws IOException {
    time.advance(LOG_AFTER.multipliedBy(2));
    logs.note(file, A);
    logs.note(file, B);
    time.advance(LOG_AFTER);
    logs.note(file, C);

    assertThat(logged()).containsExactly(A, B, C);
  }

  @Test
  void atExitEverythingWaitingIsAppended() throws IOException {
    logs.note(file, A); // a young file: waits
    logs.note(file, B);
    assertThat(Files.exists(file.settledLog())).isFalse();

    logs.flush(true);
    assertThat(logged()).containsExactly(A, B);
  }

  private List<String> logged() throws IOException {
    return Files.exists(file.settledLog())
        ? Files.readAllLines(file.settledLog(), StandardCharsets.US_ASCII)
        : List.of();
  }
}
