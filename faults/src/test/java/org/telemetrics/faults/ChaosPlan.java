package org.telemetrics.faults;

import java.time.Duration;

/**
 * The size of a chaos run: records sent (each once, with a unique number) by {@code producers}
 * concurrent probe clients spread over {@code sendTime}, {@code kills} SIGKILLs at random moments
 * of that time, and a seed for the kills and the backend's faults.
 */
record ChaosPlan(
    int records, int producers, int kills, Duration sendTime, Duration drainLimit, long seed) {
  ChaosPlan {
    if (records < 1 || producers < 1 || kills < 0) {
      throw new IllegalArgumentException("records and producers must be positive, kills >= 0");
    }
  }

  /**
   * From the system properties {@code faults.records} (default 3,000) and {@code faults.seed}
   * (default: the time); kills and send time grow with the records (about 150 records a second, a
   * kill every 1.5 s) so a longer run is a longer storm, not a denser one.
   */
  static ChaosPlan fromSystemProperties() {
    int records = Integer.getInteger("faults.records", 3000);
    String seed = System.getProperty("faults.seed", "");
    long s = seed.isBlank() ? System.currentTimeMillis() : Long.parseLong(seed.trim());
    long sendMillis = Math.max(5_000, records * 1000L / 150);
    int kills = (int) Math.max(4, sendMillis / 1500);
    return new ChaosPlan(
        records,
        4,
        kills,
        Duration.ofMillis(sendMillis),
        Duration.ofSeconds(90 + records / 100),
        s);
  }
}
