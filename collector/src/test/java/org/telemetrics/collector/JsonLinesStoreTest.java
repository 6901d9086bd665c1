package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines file on a real file system, with a sync that tests can hold or fail. */
@Timeout(30)
class JsonLinesStoreTest {
  @TempDir Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static CollectedRecord record(long id, String payload) {
    return new CollectedRecord(
        id, 1_000L, Map.of("classification", "org.example/store/t"), null, false, payload);
  }

  private Future<CollectedRecord> appendInBackground(JsonLinesStore store, String payload) {
    return threads.submit(() -> store.append(id -> record(id, payload)).record());
  }

  private static void awaitLines(Path file, int n) throws IOException {
    while (Files.readAllLines(file).size() < n) {
      Thread.onSpinWait(); // bounded by the test's timeout
    }
  }

  @Test
  void concurrentAppendsAreAllStoredOnceInTheOrderOfTheirIds() throws Exception {
    Path file = dir.resolve("r.jsonl");
    List<Future<CollectedRecord>> answers = new ArrayList<>();
    try (JsonLinesStore store = new JsonLinesStore(file)) {
      for (int i = 0; i < 200; i++) {
        answers.add(appendInBackground(store, "p" + i));
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (Future<CollectedRecord> answer : answers) {
        CollectedRecord r = answer.get();
        lines = Files.readAllLines(file, StandardCharsets.UTF_8); // durable once answered
        assertThat(lines.get((int) r.id() - 1)).isEqualTo(r.toJson());
      }
      assertThat(lines).hasSize(200);
      for (int i = 0; i < lines.size(); i++) {
        assertThat(lines.get(i)).startsWith("{\"id\":" + (i + 1) + ",");
      }
      assertThat(lines.stream().map(l -> l.replaceAll(".*\"payload\":", "")).distinct())
          .hasSize(200);
    }
  }

  @Test
  void recordsWrittenWhileASyncRunsShareTheNextSync() throws Exception {
    Path file = dir.resolve("r.jsonl");
    CountDownLatch firstSyncMayEnd = new CountDownLatch(1);
    AtomicInteger syncs = new AtomicInteger();
    try (JsonLinesStore store =
        new JsonLinesStore(
            file,
            channel -> {
              if (syncs.incrementAndGet() == 1) {
                awaitQuietly(firstSyncMayEnd);
              }
              channel.force(false);
            })) {
      Future<CollectedRecord> a = appendInBackground(store, "a");
      awaitLines(file, 1);
      Future<CollectedRecord> b = appendInBackground(store, "b");
      Future<CollectedRecord> c = appendInBackground(store, "c");
      awaitLines(file, 3); // b and c are written while a's sync is held

      firstSyncMayEnd.countDown();

      assertThat(List.of(a.get().id(), b.get().id() + c.get().id())).containsExactly(1L, 5L);
      assertThat(syncs).hasValue(2);
    }
  }

  @Test
  void aFailedSyncIsAnErrorForEveryRecordItCoveredAndOnlyForThose() throws Exception {
    Path file = dir.resolve("r.jsonl");
    CountDownLatch firstSyncMayEnd = new CountDownLatch(1);
    AtomicInteger syncs = new AtomicInteger();
    try (JsonLinesStore store =
        new JsonLinesStore(
            file,
            channel -> {
              int n = syncs.incrementAndGet();
              if (n == 1) {
                awaitQuietly(firstSyncMayEnd);
              } else if (n == 2) {
                throw new IOException("Input/output error");
              }
              channel.force(false);
            })) {
      Future<CollectedRecord> a = appendInBackground(store, "a");
      awaitLines(file, 1);
      Future<CollectedRecord> b = appendInBackground(store, "b");
      Future<CollectedRecord> c = appendInBackground(store, "c");
      awaitLines(file, 3);

      firstSyncMayEnd.countDown();

      assertThat(a.get().id()).isEqualTo(1);
      for (Future<CollectedRecord> failed : List.of(b, c)) {
        assertThatThrownBy(failed::get)
            .hasCauseInstanceOf(IOException.class)
            .cause()
            .hasMessageContaining("cannot sync " + file)
            .hasMessageContaining("Input/output error");
      }
      assertThat(syncs).hasValue(2); // c did not retry the sync and take its success as its own
      assertThat(store.append(id -> record(id, "d")).record().id()).isEqualTo(4);
    }
  }

  @Test
  void idsContinueAfterTheLinesAlreadyInTheFile() throws Exception {
    Path file = dir.resolve("r.jsonl");
    try (JsonLinesStore store = new JsonLinesStore(file)) {
      store.appendAll(List.of(id -> record(id, "a"), id -> record(id, "b")));
    }
    try (JsonLinesStore store = new JsonLinesStore(file)) {
      assertThat(store.append(id -> record(id, "c")).record().id()).isEqualTo(3);
      assertThat(store.recentJson()).hasSize(3).first().asString().startsWith("{\"id\":3,");
    }
  }

  @Test
  void aPartialLastLineLeftByACutWriteIsKeptAndTheNextRecordStartsOnItsOwnLine() throws Exception {
    Path file = dir.resolve("r.jsonl");
    Files.writeString(file, record(1, "a").toJson() + "\n{\"id\":2,\"recei");
    try (JsonLinesStore store = new JsonLinesStore(file)) {
      assertThat(store.hadPartialLastLine()).isTrue();
      JsonLinesStore.Stored third = store.append(id -> record(id, "c"));

      assertThat(third.record().id()).isEqualTo(3);
      assertThat(Files.readAllLines(file))
          .containsExactly(record(1, "a").toJson(), "{\"id\":2,\"recei", third.json());
    }
    try (JsonLinesStore store = new JsonLinesStore(file)) {
      assertThat(store.hadPartialLastLine()).isFalse();
    }
  }

  @Test
  void aFileDamagedWithBytesThatAreNotUtf8OpensAndIdsContinueAfterItsLines() throws Exception {
    Path file = dir.resolve("r.jsonl");
    byte[] damaged = {'{', '"', 'i', 'd', '"', ':', '2', (byte) 0xff, (byte) 0xc3, '}', '\n'};
    Files.write(file, (record(1, "a").toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(file, damaged, StandardOpenOption.APPEND);

    try (JsonLinesStore store = new JsonLinesStore(file)) {
      JsonLinesStore.Stored third = store.append(id -> record(id, "c"));

      assertThat(third.record().id()).isEqualTo(3);
      assertThat(store.recentJson()).containsExactly(third.json(), record(1, "a").toJson());
    }
  }

  @Test
  void aLineCutShortOrDamagedIsCountedButNotServedAsARecord() throws Exception {
    Path file = dir.resolve("r.jsonl");
    Files.writeString(file, "{\"id\":1,\"recei\ngarbage\n[]\n{} {}\n" + record(5, "e").toJson());

    try (JsonLinesStore store = new JsonLinesStore(file)) {
      assertThat(store.append(id -> record(id, "f")).record().id()).isEqualTo(6);
      assertThat(store.recentJson()).hasSize(2).last().isEqualTo(record(5, "e").toJson());
    }
  }

  @Test
  void theRecordsKeptForServingStayWithinTheirSizeWhateverTheRecordsWeigh() throws Exception {
    String mebibyte = "x".repeat(1 << 20);
    try (JsonLinesStore store = new JsonLinesStore(dir.resolve("r.jsonl"))) {
      for (int i = 0; i < 20; i++) {
        store.append(id -> record(id, mebibyte));
      }

      List<String> kept = store.recentJson();
      assertThat(kept.stream().mapToLong(String::length).sum())
          .isLessThanOrEqualTo(JsonLinesStore.RECENT_CHARS);
      assertThat(kept).hasSizeGreaterThan(10).first().asString().startsWith("{\"id\":20,");
    }
  }

  @Test
  void ofAFileWithMoreLinesThanAreKeptTheNewestAreServedInOrder() throws Exception {
    Path file = dir.resolve("r.jsonl");
    int last = JsonLinesStore.RECENT + 500;
    StringBuilder lines = new StringBuilder();
    for (int id = 1; id <= last; id++) {
      lines.append(record(id, "p" + id).toJson()).append('\n');
    }
    Files.writeString(file, lines);

    try (JsonLinesStore store = new JsonLinesStore(file)) {
      List<String> kept = store.recentJson();

      assertThat(kept).hasSize(JsonLinesStore.RECENT);
      assertThat(kept.get(0)).isEqualTo(record(last, "p" + last).toJson());
      int oldest = last - JsonLinesStore.RECENT + 1;
      assertThat(kept.get(kept.size() - 1)).isEqualTo(record(oldest, "p" + oldest).toJson());
      assertThat(store.append(id -> record(id, "next")).record().id()).isEqualTo(last + 1);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
