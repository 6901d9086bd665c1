package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.faults.FaultyBackend.Fault;
import org.telemetrics.files.Directories;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * A queue of 100,000 records, as a long outage leaves behind with the spool quota raised (or none),
 * under telempostd's own heap limit (32 MiB, as the launcher gives it). Before, the daemon indexed
 * all of them at start and died of an OutOfMemoryError, at every start: nothing was delivered
 * again. Now it indexes what fits, starts, delivers, and indexes the rest as the queue drains.
 */
@Timeout(180)
class QueueBeyondTheHeapTest {
  static final int RECORDS = 100_000;
  static final int PER_FILE = 100;

  @TempDir Path dir;

  @Test
  void telempostdStartsAndDeliversWithMoreQueuedRecordsThanItsHeapHolds() throws Exception {
    Ledger ledger = new Ledger();
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      backend.set(Fault.NONE);
      TestRoot root = Daemons.root(dir.resolve("root"), backend.url());
      plantQueue(root.layout());
      try (Daemons daemons = Daemons.of(root)) {
        daemons.postd.start();
        assertThat(daemons.postd.lifeOutput())
            .as("telempostd says the rest waits")
            .contains("files more are indexed as the queue drains");
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  if (!daemons.postd.alive()) {
                    throw new AssertionError("telempostd exited\n" + daemons.postd.output());
                  }
                  return ledger.tally().received() >= 2_000;
                });
        assertThat(ledger.tally().duplicates()).isZero();
        assertThat(daemons.postd.stop())
            .as(() -> "telempostd's exit\n" + DaemonProcess.tail(daemons.postd.output(), 3000))
            .isZero();
      }
    }
  }

  /** queue/ as an earlier run leaves it: files of {@link #PER_FILE} records each. */
  private static void plantQueue(Layout layout) throws Exception {
    Directories.ensure(layout.queueDir());
    RecordBuilder builder = RecordBuilder.create("org.example/faults/backlog", Corpus.HOST);
    long now = System.currentTimeMillis();
    for (int f = 0; f < RECORDS / PER_FILE; f++) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      String first = null;
      for (int r = 0; r < PER_FILE; r++) {
        String id = Ids.random128();
        first = first == null ? id : first;
        file.writeBytes(
            SpoolFileFormat.encode(
                SpoolEntry.of(
                    id,
                    now,
                    builder
                        .payload(Ledger.payload(f * PER_FILE + r, 64))
                        .build()
                        .withMachineId(Corpus.MACHINE_ID))));
      }
      Files.write(
          layout.queueDir().resolve(first + SpoolFileFormat.BATCH_SUFFIX), file.toByteArray());
    }
  }
}
