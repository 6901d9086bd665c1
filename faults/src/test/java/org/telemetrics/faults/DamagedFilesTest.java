package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.testing.TestRoot;

/**
 * Each damaged file of the corpus ({@link Damage#all}) in a fresh root: both daemons start and
 * keep running, a daemon names the damaged file in a log line (quarantined or skipped), a
 * symbolic link is never followed, and everything else is delivered: a good record staged next
 * to the damage, good records planted with it, and a record a probe sends after the start.
 */
@Timeout(120)
class DamagedFilesTest {
  private static Ledger ledger;
  private static FaultyBackend backend;

  @TempDir Path dir;

  @BeforeAll
  static void backend() throws Exception {
    ledger = new Ledger();
    backend = new FaultyBackend(ledger);
  }

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  static List<Damage> damages() {
    return Damage.all().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void bothDaemonsStartNameTheDamagedFileAndDeliverEverythingElse(Damage damage)
      throws Exception {
    try {
      check(damage);
    } catch (AssertionError e) { // surefire names parameterized cases by number only
      throw new AssertionError("damage \"" + damage + "\": " + e.getMessage(), e);
    }
  }

  private void check(Damage damage) throws Exception {
    TestRoot root = Daemons.root(dir.resolve("root"), backend.url());
    Corpus corpus = new Corpus(root.layout(), root.config().path(ConfigKeys.POSTD_STATUS_FILE),
        dir.resolve("outside"), new Random(damage.name().hashCode()));
    String staged = corpus.stageGood();
    Damage.Planted planted = damage.planter().plant(corpus);
    try (Daemons daemons = Daemons.of(root).start()) {
      String sent = daemons.send(daemons.client(), 1);
      List<String> expected = new ArrayList<>(planted.goodIds());
      expected.add(staged);
      expected.add(sent);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> {
              if (!daemons.probd.alive() || !daemons.postd.alive()) {
                throw new AssertionError("a daemon exited:\n" + daemons.outputs());
              }
              return expected.stream().allMatch(ledger::wasReceived);
            });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("not delivered within 60 s: "
            + expected.stream().filter(id -> !ledger.wasReceived(id)).toList() + "\n"
            + daemons.outputs(), e);
      }
      String logs = daemons.probd.output() + daemons.postd.output();
      for (Path file : planted.named()) {
        // the full path, or at least its directory and name ("queue/<id>.retry")
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        assertThat(logs).as("a log line naming %s\n%s", file, daemons.outputs())
            .contains(name);
      }
      corpus.assertOutsideUntouched();
      assertThat(corpus.forbiddenIds()).as("records behind symbolic links, never delivered")
          .noneMatch(ledger::wasReceived);
      assertThat(daemons.postd.stop()).as("telempostd's exit on SIGTERM\n" + daemons.outputs())
          .isZero();
      assertThat(daemons.probd.stop()).as("telemprobd's exit on SIGTERM\n" + daemons.outputs())
          .isZero();
    }
  }
}
