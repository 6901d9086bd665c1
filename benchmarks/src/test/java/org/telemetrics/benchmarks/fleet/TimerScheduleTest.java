package org.telemetrics.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerScheduleTest {
  /** The unit the package installs (the tests run in the benchmarks module's directory). */
  private static final Path SHIPPED = Path.of("../packaging/systemd/hprobe.timer");

  @TempDir Path dir;

  @Test
  void theShippedHeartbeatFiresDailyWithinSixHoursSpreadUniformly() throws IOException {
    TimerSchedule timer = TimerSchedule.read(SHIPPED);
    assertThat(timer.periodMillis()).isEqualTo(86_400_000L);
    assertThat(timer.randomizedDelayMillis()).isEqualTo(21_600_000L);

    SplittableRandom random = new SplittableRandom(7);
    long day = 5 * 86_400_000L;
    long[] delays =
        LongStream.range(0, 100_000).map(i -> timer.fireMillis(day, random) - day).toArray();
    long[] counts = new long[24];
    for (long d : delays) {
      counts[(int) (d * 24 / (timer.randomizedDelayMillis() + 1))]++;
    }

    assertThat(LongStream.of(delays)).allMatch(d -> d >= 0 && d <= timer.randomizedDelayMillis());
    double expected = delays.length / 24.0;
    double chiSquare =
        LongStream.of(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    assertThat(chiSquare).isLessThan(49.73); // 23 degrees of freedom, p = 0.001
  }

  @Test
  void withoutTheDelayEveryMachineFiresAtTheCalendarTime() throws IOException {
    TimerSchedule timer = TimerSchedule.read(SHIPPED).withoutDelay();

    assertThat(timer.fireMillis(86_400_000L, new SplittableRandom(1))).isEqualTo(86_400_000L);
  }

  @Test
  void spansAreReadAsSystemdWritesThem() throws IOException {
    Path unit = dir.resolve("x.timer");

    assertThat(TimerSchedule.spanMillis("21600", unit)).isEqualTo(21_600_000L);
    assertThat(TimerSchedule.spanMillis("1h 30min", unit)).isEqualTo(5_400_000L);
    assertThat(TimerSchedule.spanMillis("250ms", unit)).isEqualTo(250L);
    assertThatThrownBy(() -> TimerSchedule.spanMillis("soon", unit))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(unit.toString());
  }

  @Test
  void aCalendarTheSimulationCannotRunNamesTheFile() throws IOException {
    Path unit = dir.resolve("odd.timer");
    Files.writeString(unit, "[Timer]\nOnCalendar=Mon *-*-* 03:00\nRandomizedDelaySec=1h\n");

    assertThatThrownBy(() -> TimerSchedule.read(unit))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(unit.toString())
        .hasMessageContaining("OnCalendar");
  }
}
