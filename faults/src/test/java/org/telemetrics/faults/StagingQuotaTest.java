package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.testing.TestRoot;

/**
 * staging_max_size limits what waits in staging at once, not what telemprobd accepts in its life:
 * with telempostd draining, more than ten times the quota goes through in waves of half the quota,
 * each sent only once staging is empty again (and at least 150 ms after the last), so any "staging
 * is full" is false.
 */
@Timeout(180)
class StagingQuotaTest {
  static final int QUOTA_KIB = 64;
  static final int PAYLOAD = 7000;
  static final int WAVE = 4; // about half the quota

  @TempDir Path dir;

  @Test
  void moreThanTenTimesTheQuotaPassesWhileTelempostdDrains() throws Exception {
    Ledger ledger = new Ledger();
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      TestRoot root =
          Daemons.root(dir, backend.url()).set("staging_max_size", String.valueOf(QUOTA_KIB));
      Path staging = root.layout().stagingDir();
      try (Daemons daemons = Daemons.of(root).start()) {
        TelemetryClient client = daemons.client();
        long accepted = 0;
        int n = 0;
        List<String> ids = new ArrayList<>();
        while (accepted <= 11L * QUOTA_KIB * 1024) {
          // waves at least 150 ms apart: telemprobd may trust a measurement of staging for
          // 100 ms before it measures again
          Awaitility.await()
              .atMost(Duration.ofSeconds(30))
              .pollDelay(Duration.ofMillis(150))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> stagedBytes(staging) == 0);
          for (int i = 0; i < WAVE; i++, n++) {
            SendResult r =
                client.send(
                    client
                        .newRecord("org.example/faults/quota")
                        .payload(Ledger.payload(n, PAYLOAD))
                        .build());
            assertThat(r)
                .as(
                    "record %d, after %d bytes accepted in all, with staging empty"
                        + " before this wave of %d (quota %d KiB)\n%s",
                    n, accepted, WAVE, QUOTA_KIB, daemons.outputs())
                .isInstanceOf(SendResult.Accepted.class);
            ledger.acknowledged(n, ((SendResult.Accepted) r).recordId());
            ids.add(((SendResult.Accepted) r).recordId());
            accepted += PAYLOAD;
          }
        }
        Report.put("quota.accepted_bytes", accepted);
        Report.put("quota.times_staging_max_size", accepted / (QUOTA_KIB * 1024));
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> ledger.missing().isEmpty());
        assertThat(ids).allMatch(ledger::wasReceived);
      }
    }
  }

  private static long stagedBytes(Path staging) throws java.io.IOException {
    long total = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
      for (Path p : ds) {
        total += Files.size(p);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    }
    return total;
  }
}
