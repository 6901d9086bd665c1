package org.telemetrics.probes.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.log.Log;
import org.telemetrics.probes.oops.BoundedLineReader;

/**
 * A stop (systemd's SIGTERM, through the shutdown hook) while an entry is being sent waits for its
 * cursor to be stored, and sends no other: after the restart that entry is not sent again.
 */
class JournalScanStopTest {
  static final String BOOT = "0f3c2a849d6e4b8aa1c75e2f9b0d4c61";

  @TempDir Path dir;

  private static String failed(int n) {
    return "{\"__CURSOR\":\"s=abc;i="
        + n
        + "\",\"__REALTIME_TIMESTAMP\":\""
        + (1000 + n)
        + "\",\"_BOOT_ID\":\""
        + BOOT
        + "\",\"EXIT_CODE\":\"exited\",\"MESSAGE\":\"unit"
        + n
        + ".service: Main process exited\"}\n";
  }

  @Test
  void aStopDuringASendWaitsForItsCursorAndSendsNoMore() throws Exception {
    CursorFile cursors = new CursorFile(dir.resolve("state"), "journalprobe");
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> sent = new ArrayList<>();
    JournalScan.Sender sender =
        new JournalScan.Sender() {
          @Override
          public Optional<Long> optedInSinceMicros() {
            return Optional.of(0L);
          }

          @Override
          public SendResult send(String classification, int severity, String payload) {
            sent.add(payload);
            inSend.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new SendResult.Accepted("r" + sent.size());
          }
        };
    byte[] input = (failed(1) + failed(2)).getBytes(StandardCharsets.UTF_8);
    JournalScan scan =
        new JournalScan(
            new BoundedLineReader(new ByteArrayInputStream(input), JournalctlFollow.MAX_LINE_BYTES),
            cursors,
            Optional.empty(),
            BOOT,
            () -> false,
            sender,
            new Log(
                "journalprobe", new PrintStream(OutputStream.nullOutputStream()), Log.Level.INFO));
    CompletableFuture<Integer> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return scan.run();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(inSend.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stop =
        CompletableFuture.runAsync(() -> scan.stopAfterCurrentEntry(10_000));
    Thread.sleep(200); // the stop waits while the first entry is in telemprobd's hands
    assertThat(stop).isNotDone();
    release.countDown();
    stop.get(10, TimeUnit.SECONDS);

    assertThat(cursors.load(Instant.EPOCH, m -> {})).contains("s=abc;i=1");
    assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(JournalScan.OK);
    assertThat(sent).hasSize(1);
    assertThat(cursors.load(Instant.EPOCH, m -> {})).contains("s=abc;i=1");
  }
}
