package org.telemetrics.probes.journal;

import java.util.Map;

/**
 * What journalprobe uses of one journal entry.
 *
 * @param realtimeMicros when it was logged, µs since the epoch ({@code __REALTIME_TIMESTAMP})
 * @param priority syslog level 0-7, or 6 when the entry has none
 * @param exited whether it is a service process's end ({@code EXIT_CODE=exited}, which systemd logs
 *     for a failed or finished service)
 */
record JournalEntry(
    String cursor,
    long realtimeMicros,
    String bootId,
    String message,
    int priority,
    boolean exited) {
  /** Longest cursor kept (systemd's are about 120 characters). */
  static final int MAX_CURSOR = 512;

  static JournalEntry of(Map<String, String> f) {
    String cursor = f.get("__CURSOR");
    if (cursor == null
        || cursor.isEmpty()
        || cursor.length() > MAX_CURSOR
        || !cursor.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("no usable __CURSOR");
    }
    String ts = f.getOrDefault("__REALTIME_TIMESTAMP", "");
    if (!ts.matches("[0-9]{1,18}")) { // 19 digits may pass a long; the year 2001 has 16
      throw new IllegalArgumentException("no __REALTIME_TIMESTAMP of 1 to 18 digits");
    }
    String p = f.getOrDefault("PRIORITY", "6");
    return new JournalEntry(
        cursor,
        Long.parseLong(ts),
        f.getOrDefault("_BOOT_ID", ""),
        f.getOrDefault("MESSAGE", ""),
        p.matches("[0-7]") ? p.charAt(0) - '0' : 6,
        "exited".equals(f.get("EXIT_CODE")));
  }

  /**
   * The C probe's selection: entries of this boot that are a process's exit or, with the privacy
   * filters off, of priority err or more severe.
   */
  boolean selected(String currentBoot, boolean privacyFiltersOff) {
    return bootId.replace("-", "").equals(currentBoot.replace("-", ""))
        && (exited || (privacyFiltersOff && priority <= 3));
  }
}
