package org.telemetrics.ctl.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageDatabaseTest {
  static final long NOW = Instant.parse("2026-12-04T15:00:00Z").getEpochSecond();

  @TempDir Path tmp;

  @Test
  void anOpenReadTransactionNeitherBlocksTheWriterNorSeesWhatItCommitsMeanwhile() throws Exception {
    Path file = tmp.resolve("usage.db");
    try (UsageDbFixture writer = UsageDbFixture.create(file, 0, NOW)) {
      writer.totals("all_time", 1, 10, 1, 0, 0, 0, 0);
      try (Statement s = writer.connection().createStatement()) {
        s.execute("PRAGMA busy_timeout = 0"); // a blocked writer would fail at once
      }
      try (UsageDatabase reader = UsageDatabase.open(file)) {
        assertThat(reader.totals("all_time").records()).isEqualTo(1);

        writer.totals("all_time", 2, 20, 2, 0, 0, 0, 0).row(NOW, "other", "delivered", 5);
        try (Statement s = writer.connection().createStatement()) {
          s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }

        UsageSummary summary =
            UsageSummary.read(
                reader, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), ZoneOffset.UTC, 1);
        assertThat(summary.allTime().records()).isEqualTo(1);
        assertThat(summary.today().total().records()).isZero();
      }
      try (UsageDatabase later = UsageDatabase.open(file)) {
        assertThat(later.totals("all_time").records()).isEqualTo(2);
      }
    }
  }
}
