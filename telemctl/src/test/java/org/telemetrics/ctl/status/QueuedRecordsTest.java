package org.telemetrics.ctl.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Records;
import org.telemetrics.spool.disk.SpoolNames;

class QueuedRecordsTest {
  private static final String A = "a123456789abcdef0123456789abcdef";
  private static final String B = "b123456789abcdef0123456789abcdef";
  private static final String C = "c123456789abcdef0123456789abcdef";

  @TempDir Path queue;

  /** A batch of A, B, C whose record B moved to a file of its own with a retry note. */
  private Path batchWithBSplitOut() throws Exception {
    Path batch =
        Files.move(
            Records.append(
                Records.append(Records.spoolFile(queue, A, "a/b/c", "1"), B, "a/b/c", "2"),
                C,
                "a/b/c",
                "3"),
            queue.resolve(A + ".batch"));
    Records.spoolFile(queue, B, "a/b/c", "2");
    Files.writeString(queue.resolve(B + SpoolNames.RETRY_SUFFIX), "attempts=1\n");
    return batch;
  }

  private Path settledLog(Path batch) {
    return batch.resolveSibling(batch.getFileName() + SpoolNames.SETTLED_SUFFIX);
  }

  @Test
  void aRecordSplitOutOfABatchIsCountedOnceWhenTheBatchLogsItAsSettled() throws Exception {
    Path batch = batchWithBSplitOut();
    Files.writeString(settledLog(batch), B + "\n");
    QueuedRecords.Count count = QueuedRecords.of(queue);
    assertThat(count.usage().records()).isEqualTo(3);
    assertThat(count.notes()).isEmpty();
    assertThat(count.usage().bytes()).isEqualTo(Files.size(batch) + Files.size(queue.resolve(B)));
  }

  @Test
  void settledRecordsAreNotQueuedAndAPartialLastLineIsNoNote() throws Exception {
    Path batch = batchWithBSplitOut();
    Files.delete(queue.resolve(B));
    Files.writeString(settledLog(batch), B + "\n" + C.substring(0, 10));
    assertThat(QueuedRecords.of(queue).usage().records()).isEqualTo(2);
  }

  @Test
  void aSettledLogThatIsNotRecordIdsSettlesNothingAndSaysSo() throws Exception {
    Path batch = batchWithBSplitOut();
    Files.delete(queue.resolve(B));
    Files.writeString(settledLog(batch), B + "\nnot an id\n");
    QueuedRecords.Count count = QueuedRecords.of(queue);
    assertThat(count.usage().records()).isEqualTo(3);
    assertThat(count.notes())
        .singleElement()
        .asString()
        .contains(settledLog(batch).toString())
        .contains("not a list of record ids");
  }

  @Test
  void aSettledLogLargerThanItsFileCouldFillIsReadBoundedAndRefused() throws Exception {
    Path batch = batchWithBSplitOut();
    Files.delete(queue.resolve(B));
    Files.writeString(settledLog(batch), (B + "\n").repeat(1000));
    QueuedRecords.Count count = QueuedRecords.of(queue);
    assertThat(count.usage().records()).isEqualTo(3);
    assertThat(count.notes())
        .singleElement()
        .asString()
        .contains(settledLog(batch).toString())
        .contains("larger than 198 bytes");
  }

  @Test
  void aDamagedQueueFileHoldsNoRecordsAndIsNamedInANote() throws Exception {
    Records.spoolFile(queue, A, "a/b/c", "1");
    Files.writeString(queue.resolve(B), "not a spool file at all");
    Files.write(queue.resolve(C), Files.readAllBytes(queue.resolve(A)));
    QueuedRecords.Count count = QueuedRecords.of(queue);
    assertThat(count.usage().records()).isEqualTo(1);
    assertThat(count.notes())
        .singleElement()
        .asString()
        .startsWith("2 queue file(s) in ")
        .contains("damaged");
  }

  @Test
  void aMissingQueueIsEmpty() throws Exception {
    assertThat(QueuedRecords.of(queue.resolve("none")).usage()).isEqualTo(DirectoryUsage.NONE);
  }
}
