package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * {@code staging_max_size} over time, through the real socket: the quota limits what waits in
 * staging, never what passed through it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StagingQuotaEndToEndTest {
  /** staging_max_size, in KiB as configured. */
  private static final int QUOTA_KIB = 4;

  @TempDir Path tmp;
  TestRoot root;

  @BeforeEach
  void setUp() throws Exception {
    root = TestRoot.create(tmp);
    root.set("staging_max_size", String.valueOf(QUOTA_KIB));
    ProbdFixture.presetHostSnapshot(root);
  }

  private byte[] frame(int n) {
    TelemetryClient client = TelemetryClient.create(root.config());
    return FrameCodec.encode(
        Frame.of(
            client
                .newRecord("org.example/probd/quota")
                .payload(n + " " + "x".repeat(700))
                .build()));
  }

  private long stagedFiles() throws IOException {
    try (Stream<Path> s = Files.list(root.layout().stagingDir())) {
      return s.count();
    }
  }

  @Test
  void moreThanTenTimesTheQuotaPassesWhileADrainEmptiesStaging() throws Exception {
    Path stagingDir = root.layout().stagingDir();
    AtomicBoolean draining = new AtomicBoolean(true);
    AtomicInteger drained = new AtomicInteger();
    // stands in for telempostd: takes every sealed segment out of staging
    Thread drain =
        new Thread(
            () -> {
              while (draining.get()) {
                try (Stream<Path> s = Files.list(stagingDir)) {
                  for (Path p : s.toList()) {
                    if (Files.deleteIfExists(p)) {
                      drained.incrementAndGet();
                    }
                  }
                  Thread.sleep(2);
                } catch (IOException e) {
                  // not created yet
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "drain");
    try (JavaProcess probd = ProbdFixture.start(root)) {
      drain.start();
      Path socket = root.layout().socketPath();
      long bytes = 0;
      int n = 0;
      while (bytes <= 11L * QUOTA_KIB * 1024) {
        // staging is really empty before each record: any rejection would be false
        ProbdFixture.awaitSealed(root);
        await().atMost(Duration.ofSeconds(10)).until(() -> stagedFiles() == 0);
        byte[] f = frame(n);
        Ack ack = ProbdFixture.exchangeAck(socket, f);
        assertThat(ack)
            .as("record " + n + " after " + bytes + " bytes")
            .isInstanceOf(Ack.Accepted.class);
        bytes += f.length;
        n++;
      }
      assertThat(probd.output()).doesNotContain("staging is full");
    } finally {
      draining.set(false);
      drain.join(5000);
    }
    assertThat(drained.get()).isPositive();
  }

  @Test
  void aFullStagingRejectsClearlyAndAcceptsAgainOnceSpaceIsFreed() throws Exception {
    try (JavaProcess probd = ProbdFixture.start(root)) {
      Path socket = root.layout().socketPath();
      Ack ack;
      int accepted = 0;
      do {
        ack = ProbdFixture.exchangeAck(socket, frame(accepted));
        if (ack instanceof Ack.Accepted) {
          accepted++;
        }
      } while (ack instanceof Ack.Accepted && accepted < 100);
      assertThat(accepted).isBetween(1, QUOTA_KIB);
      assertThat(((Ack.Rejected) ack).reason())
          .startsWith("staging is full (staging_max_size " + QUOTA_KIB + " KiB)");
      // still full: still rejected, at once
      assertThat(ProbdFixture.exchangeAck(socket, frame(1000))).isInstanceOf(Ack.Rejected.class);

      ProbdFixture.awaitSealed(root); // the last accepted segment is in staging too
      try (Stream<Path> s = Files.list(root.layout().stagingDir())) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }

      // seen at the next measurement, at most StagingQuota.FULL_RESCAN_NANOS later
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> ProbdFixture.exchangeAck(socket, frame(2000)) instanceof Ack.Accepted);
      assertThat(ProbdFixture.staged(root)).hasSize(1);
    }
  }
}
