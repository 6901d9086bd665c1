package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The distribution of the backoff's waits, with seeded generators: uniform over [0, ceiling], so
 * that clients failing in the same second come back spread over the whole ceiling.
 */
class FullJitterTest {
  private static final int DRAWS = 100_000;
  private static final int BUCKETS = 20;

  /** Chi-square with 19 degrees of freedom: exceeded with probability 0.001 if uniform. */
  private static final double CHI_SQUARE_19_P001 = 43.82;

  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(20_261_205L));

  @Test
  void theCeilingDoublesFromTheInitialDelayUpToTheLongest() {
    assertThat(LongStream.rangeClosed(1, 11).map(n -> backoff.ceilingMillis((int) n)))
        .containsExactly(
            1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 128_000L, 256_000L, 300_000L,
            300_000L);
    assertThat(backoff.ceilingMillis(1_000_000)).isEqualTo(300_000);
  }

  @Test
  void waitsAreUniformFromZeroToTheCeiling() {
    long ceiling = backoff.ceilingMillis(30);
    long[] counts = new long[BUCKETS];
    double sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < DRAWS; i++) {
      long d = backoff.delayMillis(30);
      assertThat(d).isBetween(0L, ceiling);
      counts[(int) Math.min(BUCKETS - 1, d * BUCKETS / (ceiling + 1))]++;
      sum += d;
      min = Math.min(min, d);
      max = Math.max(max, d);
    }

    assertThat(sum / DRAWS).isCloseTo(ceiling / 2.0, Percentage.withPercentage(1));
    assertThat(min).isLessThan(ceiling / 1000);
    assertThat(max).isGreaterThan(ceiling - ceiling / 1000);
    assertThat(chiSquare(counts, DRAWS / (double) BUCKETS)).isLessThan(CHI_SQUARE_19_P001);
  }

  @Test
  void everyCeilingIsCoveredNotJustTheLongOnes() {
    for (int n = 1; n <= 10; n++) {
      long ceiling = backoff.ceilingMillis(n);
      long[] counts = new long[BUCKETS];
      for (int i = 0; i < 20_000; i++) {
        long d = backoff.delayMillis(n);
        assertThat(d).isBetween(0L, ceiling);
        counts[(int) Math.min(BUCKETS - 1, d * BUCKETS / (ceiling + 1))]++;
      }
      assertThat(chiSquare(counts, 1_000)).as("failure %d", n).isLessThan(CHI_SQUARE_19_P001);
    }
  }

  @Test
  void aThousandClientsFailingInTheSameSecondDoNotShareASecondWhenTheyComeBack() {
    // each machine has its own generator; they all failed at once and wait at most 30 s
    SplittableRandom seeds = new SplittableRandom(7);
    RetryPolicy[] clients = new RetryPolicy[1_000];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0, seeds.split());
    }
    int[] perSecond = new int[31];

    for (RetryPolicy client : clients) {
      perSecond[(int) (client.outagePauseMillis(12, Optional.empty()) / 1000)]++;
    }

    // 1,000 over 30 s is 33 a second; binomial(1000, 1/30) above 60 has p < 1e-5 per second
    int busiest = Arrays.stream(perSecond).max().orElseThrow();
    assertThat(busiest).isLessThanOrEqualTo(60);
    assertThat(Arrays.stream(perSecond, 0, 30).filter(c -> c > 0).count()).isEqualTo(30);
  }

  private static double chiSquare(long[] counts, double expected) {
    double x = 0;
    for (long c : counts) {
      x += (c - expected) * (c - expected) / expected;
    }
    return x;
  }
}
