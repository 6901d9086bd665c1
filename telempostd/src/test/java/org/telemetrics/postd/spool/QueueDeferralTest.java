package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
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
import org.telemetrics.spool.disk.SpoolNames;
import org.telemetrics.testing.TestRoot;

/**
 * A queue left by an earlier run that holds more records than the heap allows is indexed only as
 * far as it fits; the other files wait, with their retry notes, and are indexed as the queue
 * drains. Before, the start indexed everything and died of an OutOfMemoryError at every start.
 */
class QueueDeferralTest {
  private static final HostInfo HOST =
      new HostInfo("x86_64", "t", "12", "6.1", "debian", "b", "cpu", "v");
  private static final int FILES = 5;
  private static final int PER_FILE = 2;

  @TempDir Path dir;
  private final FakeTime time = new FakeTime(Instant.parse("2026-12-06T08:00:00Z"));
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("telempostd", new PrintStream(logged, true), Log.Level.INFO);
  private final List<String> ids = new ArrayList<>();
  private Layout layout;
  private QueueIndexing queue;
  private DueScheduler scheduler;
  private QueueIndexer indexer;

  @BeforeEach
  void queueFromAnEarlierRun() throws IOException {
    layout = TestRoot.create(dir).layout();
    Directories.ensure(layout.queueDir());
    for (int f = 0; f < FILES; f++) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      String first = null;
      for (int r = 0; r < PER_FILE; r++) {
        String id = Ids.random128();
        first = first == null ? id : first;
        ids.add(id);
        file.writeBytes(
            SpoolFileFormat.encode(
                SpoolEntry.of(
                    id,
                    time.source().millis(),
                    RecordBuilder.create("org.example/deferral/t", HOST)
                        .payload("record " + ids.size())
                        .build()
                        .withMachineId("0123456789abcdef0123456789abcdef"))));
      }
      Files.write(
          layout.queueDir().resolve(first + SpoolFileFormat.BATCH_SUFFIX), file.toByteArray());
    }
    // a retry note of a record in the last file, which will be deferred
    Files.write(
        layout.queueDir().resolve(ids.get(ids.size() - 1) + SpoolNames.RETRY_SUFFIX),
        new RetryState(3, time.source().millis() + 1000, false, "HTTP 500").encode());
    queue = new QueueIndexing(layout, time, log);
    scheduler = queue.scheduler;
    indexer = queue.indexer;
  }

  @Test
  void whatDoesNotFitAtStartIsIndexedAsTheQueueDrainsWithItsRetryNotes() throws IOException {
    int max = 4;
    queue.start(max);
    assertThat(scheduler.size()).isEqualTo(max);
    assertThat(indexer.deferred()).isEqualTo(FILES - max / PER_FILE);
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("queue/ holds more records than telempostd's heap allows: 4 indexed, 3 files");

    Set<String> seen = new HashSet<>();
    while (scheduler.size() > 0 || indexer.deferred() > 0) {
      QueuedRecord r = scheduler.takeDue(Long.MAX_VALUE);
      assertThat(r).as("a record is due while the queue is not empty").isNotNull();
      seen.add(r.id);
      if (r.id.equals(ids.get(ids.size() - 1))) {
        assertThat(r.retry().attempts()).as("its retry note was kept for it").isEqualTo(3);
      }
      scheduler.forget(r);
      indexer.indexDeferred(max);
      assertThat(scheduler.size()).as("a file is indexed whole").isLessThan(max + PER_FILE);
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aWriteCheckFileLeftByAKillIsRemovedAndNotTakenForARecord() throws IOException {
    Path left = layout.queueDir().resolve(SpoolNames.WRITE_CHECK_PREFIX + "123.tmp");
    Files.createFile(left);

    queue.start(1000);
    assertThat(left).doesNotExist();
    assertThat(scheduler.size()).isEqualTo(FILES * PER_FILE);
    assertThat(layout.quarantineDir()).isEmptyDirectory();
  }
}
