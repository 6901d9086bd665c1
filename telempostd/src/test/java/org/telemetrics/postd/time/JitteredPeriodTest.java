package org.telemetrics.postd.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JitteredPeriodTest {
  private static final long PERIOD = 120_000;

  @Test
  void periodsAreUniformFromHalfToOneAndAHalfTimesTheNominalOne() {
    JitteredPeriod period = new JitteredPeriod(PERIOD, new SplittableRandom(11));
    long[] counts = new long[20];
    long[] lengths =
        LongStream.range(0, 100_000).map(i -> period.nextAfter(1_000) - 1_000).toArray();

    for (long l : lengths) {
      counts[(int) Math.min(19, (l - PERIOD / 2) * 20 / (PERIOD + 1))]++;
    }

    assertThat(LongStream.of(lengths)).allMatch(l -> l >= PERIOD / 2 && l <= PERIOD * 3 / 2);
    assertThat(LongStream.of(lengths).average().orElseThrow())
        .isBetween(PERIOD * 0.99, PERIOD * 1.01);
    double chiSquare =
        LongStream.of(counts).mapToDouble(c -> (c - 5_000.0) * (c - 5_000.0) / 5_000.0).sum();
    assertThat(chiSquare).isLessThan(43.82); // 19 degrees of freedom, p = 0.001
  }

  @Test
  void daemonsStartedInTheSameMillisecondDriftApart() {
    SplittableRandom seeds = new SplittableRandom(5);
    long[] due = new long[1_000];
    for (int d = 0; d < due.length; d++) {
      JitteredPeriod period = new JitteredPeriod(PERIOD, seeds.split());
      long t = 0;
      for (int run = 0; run < 10; run++) {
        t = period.nextAfter(t);
      }
      due[d] = t;
    }

    // after ten periods the thousand tenth runs spread over minutes; in step, one second
    long spread = LongStream.of(due).max().orElseThrow() - LongStream.of(due).min().orElseThrow();
    assertThat(spread).isGreaterThan(2 * PERIOD);
    long busiestSecond =
        LongStream.of(due)
            .map(t -> t / 1000)
            .boxed()
            .collect(Collectors.groupingBy(s -> s, Collectors.counting()))
            .values()
            .stream()
            .mapToLong(Long::longValue)
            .max()
            .orElseThrow();
    assertThat(busiestSecond).isLessThanOrEqualTo(20);
  }

  @Test
  void theDrawComesFromTheInjectedGenerator() {
    RandomGenerator lowest = () -> 0L;

    assertThat(new JitteredPeriod(PERIOD, lowest).nextAfter(7)).isEqualTo(7 + PERIOD / 2);
    assertThatThrownBy(() -> new JitteredPeriod(0, lowest))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
