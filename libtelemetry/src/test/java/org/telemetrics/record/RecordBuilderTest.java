package org.telemetrics.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Where a record's creation time comes from. */
class RecordBuilderTest {
  @Test
  void withoutAClockTheRecordIsStampedWithTheSystemTimeInWholeSeconds() {
    long before = System.currentTimeMillis() / 1000;
    TelemetryRecord record = RecordBuilder.create("a/b/c", RecordRulesTest.HOST).build();
    long after = System.currentTimeMillis() / 1000;

    assertThat(Long.parseLong(record.creationTimestamp())).isBetween(before, after);
  }

  @Test
  void aGivenClockDecidesTheTimestamp() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_795_347_986L, 999_000_000), ZoneOffset.UTC);

    TelemetryRecord record =
        RecordBuilder.create("a/b/c", RecordRulesTest.HOST).clock(clock).build();

    assertThat(record.creationTimestamp()).isEqualTo("1795347986");
  }

  @Test
  void anExplicitTimestampWinsOverTheClock() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_795_347_986L), ZoneOffset.UTC);

    TelemetryRecord record =
        RecordBuilder.create("a/b/c", RecordRulesTest.HOST)
            .clock(clock)
            .creationTimestamp(1_418_672_344L)
            .build();

    assertThat(record.creationTimestamp()).isEqualTo("1418672344");
  }
}
