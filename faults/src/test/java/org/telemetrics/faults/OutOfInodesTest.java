package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.faults.FaultyBackend.Fault;
import org.telemetrics.testing.TestRoot;

/**
 * The spool's filesystem out of inodes while it has bytes to spare, as a disk full of small files
 * is: {@code df} shows free space, yet no file can be created. With records queued behind a failing
 * backend, probes get a clear rejection in bounded time, telempostd keeps running without flooding
 * its log, delivers the queued records once the backend answers (no new file is needed for that),
 * and takes records again once files can be made. Needs root for the mount; skips loudly without
 * it.
 */
@Timeout(180)
class OutOfInodesTest {
  static final int QUEUED = 20;
  static final long WATCH_MILLIS = 6_000;
  static final long MAX_LOG_LINES_PER_SECOND = 100; // a retry loop would make thousands
  static final long MAX_REJECTION_MILLIS = 5_000;

  @TempDir Path dir;

  @Test
  void noInodeLeftRejectsProbesClearlyAndLosesNoQueuedRecord() throws Exception {
    Ledger ledger = new Ledger();
    try (Tmpfs disk = mountOrSkip();
        FaultyBackend backend = new FaultyBackend(ledger);
        Daemons daemons = daemons(disk, backend)) {
      backend.set(Fault.SERVER_ERROR);
      daemons.start();
      Supplier<String> outputs = () -> "\n" + daemons.outputs();
      TelemetryClient client = daemons.client();
      for (int n = 0; n < QUEUED; n++) { // one at a time: a file each in queue/
        ledger.acknowledged(n, daemons.send(client, n));
      }
      Path filler = disk.path().resolve("filler");
      int made = fillInodes(filler, 0);
      assertThat(Files.getFileStore(disk.path()).getUsableSpace())
          .as("bytes still free once %d files took every inode", made)
          .isGreaterThan(32L * 1024 * 1024);

      // a retry note being replaced as the filler takes the last inode frees one: a send may then
      // be acknowledged, and its record must arrive like the others (once, in CI, ten sends in a
      // row were: the sends stop at 3 refusals, so more tries cost nothing when all goes well)
      int rejected = 0;
      int next = QUEUED;
      while (rejected < 3 && next < QUEUED + 40) {
        made += fillInodes(filler, made);
        int n = next++;
        long start = System.nanoTime();
        SendResult r = Daemons.attempt(client, n);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).as("ms the answer took").isLessThan(MAX_REJECTION_MILLIS);
        if (r instanceof SendResult.Accepted a) {
          ledger.acknowledged(n, a.recordId());
          continue;
        }
        assertThat(r)
            .as(() -> "a record sent with no inode left" + outputs.get())
            .isInstanceOf(SendResult.Rejected.class);
        assertThat(((SendResult.Rejected) r).reason()).contains("filesystem is full");
        rejected++;
      }
      assertThat(rejected)
          .as(() -> "records refused with no inode left" + outputs.get())
          .isEqualTo(3);
      try (LogLineMeter log = LogLineMeter.follow(daemons.postd.outputFile())) {
        long from = System.nanoTime();
        Awaitility.await()
            .during(Duration.ofMillis(WATCH_MILLIS))
            .atMost(Duration.ofMillis(WATCH_MILLIS + 5_000))
            .pollInterval(Duration.ofMillis(200))
            .until(daemons.postd::alive);
        assertThat(log.lines().maxPerSecondSince(from))
            .as(() -> "telempostd's log lines per second with no inode left" + outputs.get())
            .isLessThanOrEqualTo(MAX_LOG_LINES_PER_SECOND);
      }

      backend.set(Fault.NONE); // still no inode: delivering only removes files
      daemons.awaitDelivered(ledger, Duration.ofSeconds(40));

      deleteFiller(filler);
      ledger.acknowledged(next, daemons.send(client, next));
      daemons.awaitDelivered(ledger, Duration.ofSeconds(20));
      assertThat(ledger.tally().duplicates())
          .as(() -> "records delivered twice" + outputs.get())
          .isZero();
      assertThat(daemons.postd.stop()).as(() -> "telempostd's exit" + outputs.get()).isZero();
      assertThat(daemons.probd.stop()).as(() -> "telemprobd's exit" + outputs.get()).isZero();
    }
  }

  private Tmpfs mountOrSkip() throws InterruptedException {
    try {
      return Tmpfs.mount(dir.resolve("disk"), 64, ",nr_inodes=400");
    } catch (IOException e) {
      return LoudSkip.skip(
          "OUT-OF-INODES TEST SKIPPED, a filesystem out of inodes is NOT tested", e.getMessage());
    }
  }

  /** Both daemons, not started, with spool_dir on {@code disk} and retries 0.5 to 2 s apart. */
  private Daemons daemons(Tmpfs disk, FaultyBackend backend) throws IOException {
    TestRoot root =
        Daemons.root(dir.resolve("root"), backend.url())
            .set("spool_dir", disk.path().resolve("spool").toString())
            .set("retry_initial_delay_ms", "500")
            .set("retry_max_delay_ms", "2000");
    return Daemons.of(root);
  }

  /**
   * Creates empty files in {@code dir}, named from {@code from} on, until the filesystem has no
   * inode left; returns how many it made.
   */
  private static int fillInodes(Path dir, int from) throws IOException {
    Files.createDirectories(dir);
    int n = from;
    try {
      while (n < 100_000) {
        Files.createFile(dir.resolve("f" + n));
        n++;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space")) {
        throw e;
      }
      return n - from;
    }
    throw new IOException("100,000 files made and inodes still left: nr_inodes was ignored");
  }

  private static void deleteFiller(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
