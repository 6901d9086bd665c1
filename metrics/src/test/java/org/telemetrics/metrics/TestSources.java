package org.telemetrics.metrics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.telemetrics.status.ClassificationLabels;

/** Metrics sources in one test directory, named as in a default installation. */
public final class TestSources {
  public static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochMilli(1_780_000_100_000L), ZoneOffset.UTC);

  private TestSources() {}

  public static MetricsSources in(Path dir) {
    return in(dir, "org.clearlinux/crash/* org.clearlinux/hello/*");
  }

  public static MetricsSources in(Path dir, String classifications) {
    return new MetricsSources(
        dir.resolve("telemprobd.status"),
        dir.resolve("telempostd.status"),
        dir.resolve("opt-in"),
        dir.resolve("opt-in-static-machine-id"),
        dir.resolve("machine_id"),
        ClassificationLabels.parse(classifications),
        true);
  }

  public static PersistedMetrics persisted(Path dir) {
    return new PersistedMetrics(in(dir), CLOCK);
  }
}
