package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run of docs/faults.md at its default size: every record a probe saw acknowledged
 * arrives, whatever SIGKILLs and backend faults happened meanwhile; copies that arrive more than
 * once keep their record id. The seed is printed, and {@code -Dfaults.seed=N} replays the same
 * kills and faults.
 */
@Timeout(value = 420)
class ChaosTest {
  @TempDir Path dir;

  @Test
  void killsAndAFlappingBackendLoseNoAcknowledgedRecord() throws Exception {
    ChaosPlan plan = ChaosPlan.fromSystemProperties();
    System.out.println(
        "faults: chaos seed " + plan.seed() + " (replay with -Dfaults.seed=" + plan.seed() + ")");
    ChaosRun.Result r = new ChaosRun(plan).run(dir);
    Report.put("chaos.seed", plan.seed());
    Report.put("chaos.records", plan.records());
    Report.put("chaos.acknowledged", r.tally().acknowledged());
    Report.put("chaos.received", r.tally().received());
    Report.put("chaos.lost", r.tally().lost());
    Report.put("chaos.duplicates", r.tally().duplicates());
    Report.put("chaos.renamed", r.tally().renamed().size());
    Report.put("chaos.kills", r.kills());
    Report.put("chaos.kills.telemprobd", r.probdKills());
    Report.put("chaos.kills.telempostd", r.postdKills());
    Report.put("chaos.unexpected_exits", r.unexpectedExits());
    Report.put("chaos.faults", r.faults());
    Report.put("chaos.rss_kb.telemprobd", r.probdPeakRssKb());
    Report.put("chaos.rss_kb.telempostd", r.postdPeakRssKb());
    Report.put("chaos.log_lines_per_s", r.maxLogLinesPerSecond());
    Report.put("chaos.drain_ms", r.drainMillis());
    System.out.println("faults: chaos " + r.tally());

    String context = "seed " + plan.seed() + "; " + r.tally() + "\n" + r.outputs();
    assertThat(r.kills())
        .as("SIGKILLs (a moment may kill both)")
        .isGreaterThanOrEqualTo(plan.kills());
    assertThat(r.tally().acknowledged())
        .as("acknowledged records; " + context)
        .isGreaterThanOrEqualTo(plan.records() / 4);
    assertThat(r.violations()).as("records the backend's rules refused").isEmpty();
    assertThat(r.unexpectedExits()).as("daemon lives that ended unasked; " + context).isZero();
    assertThat(r.missing()).as("acknowledged records never received; " + context).isEmpty();
    assertThat(r.tally().lost()).isZero();
    assertThat(r.tally().renamed()).as("duplicates under a new record id").isEmpty();
  }
}
