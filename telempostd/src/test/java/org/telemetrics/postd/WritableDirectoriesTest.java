package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.daemon.Watchdog;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.log.Log;

/**
 * telempostd's start waits while its spool or journal directory cannot be written. A regular file
 * where a directory belongs stands for that here (the tests run as root, for whom permissions do
 * not stop a write; ReadOnlyFilesystemTest in the faults module uses a read-only ext4).
 */
class WritableDirectoriesTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("telempostd", new PrintStream(logged, true), Log.Level.INFO);

  @Test
  void writableDirectoriesAreMadeIfNeededAndLeftAsTheyWere() throws Exception {
    Path spool = dir.resolve("spool");
    Path journal = dir.resolve("log/telemetry");

    assertThat(waiter(List.of(spool, journal), 50).await(new AtomicBoolean())).isTrue();
    assertThat(spool).isEmptyDirectory();
    assertThat(journal).isEmptyDirectory();
    assertThat(logText()).isEmpty();
    for (Path made : List.of(spool, journal, journal.getParent())) {
      assertThat(Files.getPosixFilePermissions(made))
          .as("%s is the daemon's own, whatever the umask", made)
          .isEqualTo(AtomicFiles.PRIVATE_DIRECTORY);
    }
  }

  @Test
  void itWaitsSayingWhyAndStartsOnceTheDirectoryCanBeWritten() throws Exception {
    Path spool = Files.writeString(dir.resolve("spool"), "not a directory");
    WritableDirectories dirs = waiter(List.of(spool), 50);

    CompletableFuture<Boolean> started = waitInBackground(dirs, new AtomicBoolean());
    Thread.sleep(300);
    assertThat(started).as("still waiting").isNotDone();
    assertThat(logText())
        .contains("cannot write in " + spool, "waiting until it can")
        .as("said once, not at every try")
        .containsOnlyOnce("waiting until it can");

    Files.delete(spool);
    assertThat(started.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(logText()).contains("can be written again; starting");
  }

  @Test
  void aStopWhileWaitingEndsTheWait() throws Exception {
    Path spool = Files.writeString(dir.resolve("spool"), "not a directory");
    AtomicBoolean stop = new AtomicBoolean();

    CompletableFuture<Boolean> started = waitInBackground(waiter(List.of(spool), 50), stop);
    Thread.sleep(200);
    stop.set(true);
    assertThat(started.get(10, TimeUnit.SECONDS)).isFalse();
  }

  private WritableDirectories waiter(List<Path> dirs, long checkMillis) {
    SdNotify none = new SdNotify(null);
    return new WritableDirectories(
        dirs, () -> {}, log, none, Watchdog.fromEnvironment(none, Ticker.system()), checkMillis);
  }

  private static CompletableFuture<Boolean> waitInBackground(
      WritableDirectories dirs, AtomicBoolean stop) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return dirs.await(stop);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private String logText() {
    return logged.toString(StandardCharsets.UTF_8);
  }
}
