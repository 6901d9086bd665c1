package org.telemetrics.ctl.usage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code telemctl usage} prints and the report shows, read in one transaction: today by
 * classification and outcome, the totals since boot and of all time, the queue, and the last {@code
 * days} days (today last). One query path for both, so their numbers cannot differ. The totals by
 * classification are empty for a database from a writer that kept none.
 */
public record UsageSummary(
    Path database,
    OptionalLong blurSeconds,
    String created,
    List<DayUsage> days,
    Tally sinceBoot,
    Tally allTime,
    Optional<SortedMap<String, Tally>> sinceBootByClass,
    Optional<SortedMap<String, Tally>> allTimeByClass,
    QueueNow queue) {
  public UsageSummary {
    days = List.copyOf(days);
    sinceBootByClass =
        sinceBootByClass.map(m -> Collections.unmodifiableSortedMap(new TreeMap<>(m)));
    allTimeByClass = allTimeByClass.map(m -> Collections.unmodifiableSortedMap(new TreeMap<>(m)));
    if (days.isEmpty()) {
      throw new IllegalArgumentException("at least today is needed");
    }
  }

  /** Reads the summary of the last {@code dayCount} local days (1: today only). */
  public static UsageSummary read(UsageDatabase db, Clock clock, ZoneId zone, int dayCount)
      throws IOException {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    Map<String, String> meta = db.meta();
    OptionalLong blur = parse(meta.get("blur_usage"));
    return new UsageSummary(
        db.file(),
        blur,
        meta.getOrDefault("created", ""),
        db.days(today.minusDays(dayCount - 1L), today, zone),
        db.totals("since_reboot"),
        db.totals("all_time"),
        db.totalsByClass("since_reboot"),
        db.totalsByClass("all_time"),
        db.current());
  }

  private static OptionalLong parse(String value) {
    try {
      return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public DayUsage today() {
    return days.get(days.size() - 1);
  }

  /** Whether the writer blurred what it stored (meta {@code blur_usage} above 0). */
  public boolean blurred() {
    return blurSeconds.isPresent() && blurSeconds.getAsLong() > 0;
  }
}
