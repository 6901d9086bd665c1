package org.telemetrics.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schedule of a systemd timer unit as the fleet simulation needs it: the calendar period
 * ({@code OnCalendar=hourly|daily|weekly}) and {@code RandomizedDelaySec=}, read from the unit file
 * the package installs, so the simulation runs the shipped schedule and not a copy of it. Each
 * firing draws a fresh delay, uniform in [0, RandomizedDelaySec], as systemd does. {@code
 * AccuracySec=} is left out: it lets systemd fire later still, which only spreads more.
 */
record TimerSchedule(long periodMillis, long randomizedDelayMillis) {
  private static final Map<String, Long> PERIODS =
      Map.of("hourly", 3_600_000L, "daily", 86_400_000L, "weekly", 604_800_000L);
  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("us", 0L),
          Map.entry("ms", 1L),
          Map.entry("s", 1_000L),
          Map.entry("sec", 1_000L),
          Map.entry("m", 60_000L),
          Map.entry("min", 60_000L),
          Map.entry("h", 3_600_000L),
          Map.entry("hr", 3_600_000L),
          Map.entry("d", 86_400_000L),
          Map.entry("w", 604_800_000L));
  private static final Pattern SPAN_PART = Pattern.compile("(\\d+)\\s*([a-z]*)");

  TimerSchedule {
    if (periodMillis <= 0 || randomizedDelayMillis < 0) {
      throw new IllegalArgumentException("period must be positive and delay not negative");
    }
  }

  /** The same period without the random delay: every machine fires at the calendar time. */
  TimerSchedule withoutDelay() {
    return new TimerSchedule(periodMillis, 0);
  }

  /** When a machine fires in the period starting at {@code periodStartMillis}. */
  long fireMillis(long periodStartMillis, RandomGenerator random) {
    return periodStartMillis
        + (randomizedDelayMillis == 0 ? 0 : random.nextLong(randomizedDelayMillis + 1));
  }

  static TimerSchedule read(Path unit) throws IOException {
    String period = null;
    long delay = 0;
    boolean inTimer = false;
    for (String raw : Files.readAllLines(unit)) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        inTimer = line.equals("[Timer]");
      } else if (inTimer && line.startsWith("OnCalendar=")) {
        period = line.substring("OnCalendar=".length()).strip().toLowerCase(Locale.ROOT);
      } else if (inTimer && line.startsWith("RandomizedDelaySec=")) {
        delay = spanMillis(line.substring("RandomizedDelaySec=".length()), unit);
      }
    }
    if (period == null || !PERIODS.containsKey(period)) {
      throw new IOException(
          unit
              + ": OnCalendar= must be hourly, daily or weekly for the"
              + " simulation, not "
              + period);
    }
    return new TimerSchedule(PERIODS.get(period), delay);
  }

  /** A systemd time span ("21600", "6h", "1h 30min"); a bare number is seconds. */
  static long spanMillis(String span, Path unit) throws IOException {
    String s = span.strip().toLowerCase(Locale.ROOT);
    Matcher m = SPAN_PART.matcher(s);
    long total = 0;
    int end = 0;
    while (m.find()) {
      if (!s.substring(end, m.start()).isBlank()
          || !UNITS.containsKey(m.group(2).isEmpty() ? "s" : m.group(2))) {
        throw new IOException(unit + ": cannot read the time span \"" + span + "\"");
      }
      total += Long.parseLong(m.group(1)) * UNITS.get(m.group(2).isEmpty() ? "s" : m.group(2));
      end = m.end();
    }
    if (end == 0 || !s.substring(end).isBlank()) {
      throw new IOException(unit + ": cannot read the time span \"" + span + "\"");
    }
    return total;
  }
}
