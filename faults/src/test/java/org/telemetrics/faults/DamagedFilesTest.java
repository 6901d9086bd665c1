package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telemetrics.testing.TestRoot;

/**
 * Each damaged file of the corpus ({@link Damage#all}) in a fresh root: both daemons start and keep
 * running, a daemon names the damaged file in a log line (quarantined or skipped), a symbolic link
 * is never followed, and everything else is delivered: a good record staged next to the damage,
 * good records planted with it, and a record a probe sends after the start.
 */
@Timeout(120)
class DamagedFilesTest {
  @RegisterExtension static final DamageCases cases = new DamageCases();

  @TempDir Path dir;

  static List<Damage> damages() {
    return Damage.all().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void bothDaemonsStartNameTheDamagedFileAndDeliverEverythingElse(Damage damage) throws Exception {
    DamageCases.check(damage, () -> check(damage));
  }

  private void check(Damage damage) throws Exception {
    TestRoot root = cases.root(dir);
    Corpus corpus = DamageCases.corpus(root, dir, damage.name());
    String staged = corpus.stageGood();
    Damage.Planted planted = damage.planter().plant(corpus);
    try (Daemons daemons = Daemons.of(root).start()) {
      String sent = daemons.send(daemons.client(), 1);
      List<String> expected = new ArrayList<>(planted.goodIds());
      expected.add(staged);
      expected.add(sent);
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  if (!daemons.probd.alive() || !daemons.postd.alive()) {
                    throw new AssertionError("a daemon exited:\n" + daemons.outputs());
                  }
                  return expected.stream().allMatch(cases.ledger()::wasReceived);
                });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "not delivered within 60 s: "
                + expected.stream().filter(id -> !cases.ledger().wasReceived(id)).toList()
                + "\n"
                + daemons.outputs(),
            e);
      }
      String logs = daemons.probd.output() + daemons.postd.output();
      for (Path file : planted.named()) {
        // the full path, or at least its directory and name ("queue/<id>.retry")
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        assertThat(logs).as("a log line naming %s\n%s", file, daemons.outputs()).contains(name);
      }
      corpus.assertOutsideUntouched();
      assertThat(corpus.forbiddenIds())
          .as("records behind symbolic links, never delivered")
          .noneMatch(cases.ledger()::wasReceived);
      assertThat(daemons.postd.stop())
          .as("telempostd's exit on SIGTERM\n" + daemons.outputs())
          .isZero();
      assertThat(daemons.probd.stop())
          .as("telemprobd's exit on SIGTERM\n" + daemons.outputs())
          .isZero();
    }
  }
}
