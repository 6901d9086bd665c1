package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.log.Log;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

@Timeout(60)
class GroupCommitTest {
  private static final HostInfo HOST =
      new HostInfo("x86_64", "a|b|c", "12", "6.1", "debian", "bn", "cpu", "bv");

  @TempDir Path dir;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("telemprobd", new PrintStream(logged, true), Log.Level.DEBUG);

  private static byte[] encoded(String id, String payload) {
    return SpoolFileFormat.encode(
        SpoolEntry.of(
            id,
            1_795_000_000_000L,
            RecordBuilder.create("org.example/commit/test", HOST).payload(payload).build()));
  }

  @Test
  void concurrentRecordsAreEachStagedOnceInWholeSegmentsWithinTheSizeLimit() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path staging = Files.createDirectories(dir.resolve("staging"));
    Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
    GroupCommit commit = new GroupCommit(tmp, staging, Ticker.system(), log, nanos -> {});
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 60; i++) {
                  String id = Ids.random128();
                  // payloads of up to 4 KiB, so segments fill up and are sealed for size too
                  commit
                      .submit(id, encoded(id, ("t" + thread + " r" + i + " ").repeat(i * 9)))
                      .get();
                  written.add(id);
                }
                return null;
              }));
    }
    for (Future<?> f : writers) {
      f.get();
    }
    pool.shutdown();
    commit.close();

    Set<String> staged = new HashSet<>();
    int files = 0;
    try (Stream<Path> s = Files.list(staging)) {
      for (Path f : s.toList()) {
        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes.length).isLessThanOrEqualTo(SpoolFileFormat.MAX_FILE_SIZE);
        List<SpoolEntry> entries = SpoolFileFormat.decodeAll(bytes, 0);
        assertThat(f.getFileName().toString()).isEqualTo(entries.get(0).recordId());
        for (SpoolEntry e : entries) {
          assertThat(staged.add(e.recordId())).as("staged once: " + e.recordId()).isTrue();
        }
        files++;
      }
    }
    assertThat(staged).isEqualTo(written).hasSize(960);
    assertThat(files).isLessThan(960);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void eachCommitReportsItsDurationOnTheInjectedTicker() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path staging = Files.createDirectories(dir.resolve("staging"));
    // a ticker that moves 1 ms each time it is read: a commit reads it at least at its start
    // and its end, so every duration is a whole number of milliseconds, at least one
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    Ticker ticker = () -> nanos.addAndGet(1_000_000);
    List<Long> durations = new java.util.concurrent.CopyOnWriteArrayList<>();
    GroupCommit commit = new GroupCommit(tmp, staging, ticker, log, durations::add);
    for (int i = 0; i < 5; i++) {
      String id = Ids.random128();
      commit.submit(id, encoded(id, "record " + i)).get();
    }
    commit.close();

    // one writer, one record at a time: each record is a commit of its own
    assertThat(durations)
        .hasSize(5)
        .allSatisfy(
            d -> {
              assertThat(d % 1_000_000).isZero();
              assertThat(d).isBetween(1_000_000L, 10_000_000L);
            });
  }

  @Test
  void aSubmittedRecordsCallbackRunsOnTheWriterOnlyOnceItsBatchIsDurable() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path staging = Files.createDirectories(dir.resolve("staging"));
    GroupCommit commit = new GroupCommit(tmp, staging, Ticker.system(), log, nanos -> {});
    String id = Ids.random128();
    byte[] entry = encoded(id, "answered by the writer");
    java.util.concurrent.CompletableFuture<String> seen =
        new java.util.concurrent.CompletableFuture<>();

    commit
        .submit(id, entry)
        .whenComplete(
            (durable, failure) -> {
              try (Stream<Path> segments = Files.list(tmp)) {
                // the record is in its segment (in tmp/ until sealed) when the callback runs
                List<Path> files = segments.toList();
                seen.complete(
                    Thread.currentThread().getName()
                        + " "
                        + failure
                        + " "
                        + (files.size() == 1 && Files.size(files.get(0)) == entry.length));
              } catch (Exception e) {
                seen.complete(e.toString());
              }
            });

    assertThat(seen.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("probd-staging null true");
    commit.close();
  }

  @Test
  void aRecordSubmittedAfterTheWriterStoppedFailsAtOnce() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path staging = Files.createDirectories(dir.resolve("staging"));
    GroupCommit commit = new GroupCommit(tmp, staging, Ticker.system(), log, nanos -> {});
    commit.close();
    String id = Ids.random128();

    java.util.concurrent.CompletableFuture<Void> f = commit.submit(id, encoded(id, "late"));

    assertThat(f).isCompletedExceptionally();
  }
}
