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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;

/**
 * A file of a settled record that could not be removed is removed by a later try, no sooner than
 * {@link LeftoverFiles#RETRY_NANOS}, and the log names it. A non-empty directory stands for the
 * file that cannot be removed (the tests run as root, for whom permissions remove nothing).
 */
class LeftoverFilesTest {
  private static final Duration RETRY = Duration.ofNanos(LeftoverFiles.RETRY_NANOS);

  @TempDir Path dir;
  private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("t", new PrintStream(logged, true), Log.Level.INFO);
  private final LeftoverFiles leftovers =
      new LeftoverFiles(time.source(), log, new LogThrottle(log, time.source(), 1));

  @Test
  void aFileThatCannotBeRemovedIsTriedAgainAfterTheIntervalAndThenRemoved() throws IOException {
    Path stuck = Files.createDirectories(dir.resolve("batch"));
    Path inside = Files.writeString(stuck.resolve("x"), "keeps the directory");
    Path log = dir.resolve("batch.settled"); // never written: nothing to remove

    leftovers.add(List.of(stuck, log), failedRemoval(stuck));
    assertThat(logText()).contains("cannot remove " + stuck, "trying again every 5 s");

    Files.delete(inside);
    time.advance(RETRY.minusMillis(1));
    leftovers.retry();
    assertThat(stuck).as("not tried before the interval").exists();

    time.advance(Duration.ofMillis(1));
    leftovers.retry();
    assertThat(stuck).doesNotExist();
    assertThat(leftovers.size()).isZero();
    assertThat(logText()).contains("removed 1 files of settled records left over; 0 left");
  }

  @Test
  void aFileStillStuckStaysForTheNextTry() throws IOException {
    Path stuck = Files.createDirectories(dir.resolve("batch"));
    Files.writeString(stuck.resolve("x"), "keeps the directory");

    leftovers.add(List.of(stuck), failedRemoval(stuck));
    assertThat(leftovers.retryNow()).isEqualTo(1);
    assertThat(stuck).exists();
    assertThat(logText()).doesNotContain("removed");
  }

  private static IOException failedRemoval(Path p) {
    try {
      Files.delete(p);
      throw new AssertionError(p + " was removed");
    } catch (IOException e) {
      return e;
    }
  }

  private String logText() {
    return logged.toString(StandardCharsets.UTF_8);
  }
}
