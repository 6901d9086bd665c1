package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.faults.FaultyBackend.Fault;
import org.telemetrics.testing.TestRoot;

/**
 * {@code /var} on a real ext4 filesystem that turns read-only, as ext4 does after an error with
 * Debian's {@code errors=remount-ro}: under running daemons with records queued, and before they
 * start. Probes get a clear rejection; telemprobd starts all the same (to tell them); telempostd
 * neither exits nor sends a record twice, waits at start until it can write, and delivers every
 * acknowledged record once it can; both exit 0 on SIGTERM. Needs root and a loop device; skips
 * loudly without them.
 */
@Timeout(240)
class ReadOnlyFilesystemTest {
  static final int RECORDS = 30;
  static final long REJECTION_MILLIS = 5_000;

  @TempDir Path dir;
  private Ext4Image var;
  private Daemons daemons;
  private final Ledger ledger = new Ledger();

  @AfterEach
  void unmount() throws Exception {
    try {
      if (daemons != null) {
        daemons.close();
      }
    } finally {
      if (var != null) {
        var.close();
      }
    }
  }

  @Test
  void aFilesystemTurningReadOnlyUnderTheDaemonsLosesNothingAndSendsNothingTwice()
      throws Exception {
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      backend.set(Fault.SERVER_ERROR);
      daemons = Daemons.of(rootOnExt4(backend)).start();
      sendQueued(daemons.client(), 0);
      var.fail();

      assertRejected(daemons.client());
      backend.set(Fault.NONE);
      daemons.awaitDelivered(ledger, Duration.ofSeconds(40));
      Thread.sleep(4_000); // several retry delays: a delivered record sent again would be here
      Supplier<String> outputs = () -> "\n" + daemons.outputs();
      assertThat(ledger.tally().duplicates())
          .as(() -> "records delivered twice" + outputs.get())
          .isZero();
      assertThat(daemons.postd.stop()).as(() -> "telempostd's exit" + outputs.get()).isZero();
      assertThat(daemons.probd.stop()).as(() -> "telemprobd's exit" + outputs.get()).isZero();
      assertThat(daemons.postd.output())
          .as("telempostd says what it could not remove")
          .contains("cannot remove");
    }
  }

  @Test
  void onAReadOnlyFilesystemTelemprobdStartsAndTelempostdWaitsUntilItCanWrite() throws Exception {
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      backend.set(Fault.SERVER_ERROR);
      daemons = Daemons.of(rootOnExt4(backend)).start();
      sendQueued(daemons.client(), 1000);
      assertThat(daemons.postd.stop()).isZero();
      assertThat(daemons.probd.stop()).isZero();
      var.remount(true);
      backend.set(Fault.NONE);

      Supplier<String> outputs = () -> "\n" + daemons.outputs();
      daemons.probd.start();
      daemons.postd.launch();
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> daemons.postd.lifeOutput().contains("waiting until it can"));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("telempostd did not say it waits" + outputs.get(), e);
      }
      assertRejected(daemons.client());
      Thread.sleep(2_000);
      assertThat(daemons.postd.alive()).as(() -> "telempostd waits" + outputs.get()).isTrue();
      assertThat(ledger.tally().received())
          .as("records sent from a spool that cannot be written")
          .isZero();

      var.remount(false);
      daemons.awaitDelivered(ledger, Duration.ofSeconds(40));
      assertThat(ledger.tally().duplicates())
          .as(() -> "records delivered twice" + outputs.get())
          .isZero();
      assertThat(daemons.postd.stop()).as(() -> "telempostd's exit" + outputs.get()).isZero();
      assertThat(daemons.probd.stop()).as(() -> "telemprobd's exit" + outputs.get()).isZero();
    }
  }

  /** A root whose {@code var/} is the ext4 filesystem; skips the test if it cannot be mounted. */
  private TestRoot rootOnExt4(FaultyBackend backend) throws Exception {
    TestRoot root = Daemons.root(dir.resolve("root"), backend.url());
    try {
      var = Ext4Image.mount(dir.resolve("var.img"), root.dir().resolve("var"), 64);
    } catch (IOException e) {
      LoudSkip.skip(
          "READ-ONLY FILESYSTEM TEST SKIPPED, a read-only /var is NOT tested", e.getMessage());
    }
    return root;
  }

  /**
   * Three probes send {@link #RECORDS} records at once (so telemprobd commits some together and
   * telempostd queues files of several records), then telempostd's first attempts fail.
   */
  private void sendQueued(TelemetryClient client, int first) throws Exception {
    ExecutorService probes = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int from = first + t * (RECORDS / 3);
        done.add(
            probes.submit(
                () -> {
                  for (int n = from; n < from + RECORDS / 3; n++) {
                    ledger.acknowledged(n, daemons.send(client, n));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      probes.shutdownNow();
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> daemons.postd.lifeOutput().contains("attempt 1 failed"));
  }

  /** A probe's record is refused, saying why, in bounded time. */
  private void assertRejected(TelemetryClient client) {
    long start = System.nanoTime();
    SendResult r =
        client.send(client.newRecord("org.example/faults/readonly").payload("refused").build());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(r)
        .as(() -> "a record sent to a read-only spool\n" + daemons.outputs())
        .isInstanceOf(SendResult.Rejected.class);
    assertThat(((SendResult.Rejected) r).reason()).contains("filesystem is read-only");
    assertThat(millis).as("ms the rejection took").isLessThan(REJECTION_MILLIS);
  }
}
