package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group commit over a real file, with a sync the test holds. */
@Timeout(30)
class GroupCommitTest {
  @TempDir Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void aSyncWakesTheWritersItCoveredAndOneWriterToRunTheNextNotAllWaiting() throws Exception {
    CountDownLatch firstSyncMayEnd = new CountDownLatch(1);
    AtomicInteger syncs = new AtomicInteger();
    try (FileChannel channel =
        FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      GroupCommit commit =
          new GroupCommit(
              dir.resolve("f"),
              channel,
              c -> {
                if (syncs.incrementAndGet() == 1) {
                  awaitQuietly(firstSyncMayEnd);
                }
                c.force(false);
              });
      Future<?> first = write(commit);
      while (syncs.get() == 0) {
        Thread.onSpinWait(); // bounded by the test's timeout
      }
      List<Future<?>> next = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        next.add(write(commit));
      }
      while (commit.waitingForNext() < 3) {
        Thread.onSpinWait();
      }

      firstSyncMayEnd.countDown();
      first.get();
      for (Future<?> f : next) {
        f.get();
      }

      assertThat(syncs).hasValue(2); // the three waiting shared the second sync
      // one woken to run it, two when it was done; not all three at the end of the first
      assertThat(commit.wakeUps()).isEqualTo(3);
    }
  }

  /** A writer: joins the open batch and waits until it is durable. */
  private Future<?> write(GroupCommit commit) {
    return threads.submit(
        () -> {
          commit.awaitDurable(commit.join());
          return null;
        });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
