package org.telemetrics.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;

/**
 * {@code telemetrics_records_dead_lettered_total} by {@code status}: one sample per persisted
 * {@code dead_lettered_status_<code>} total, where the code is an HTTP status (three digits) or
 * {@code none}, so the label stays within some hundred values. What {@code dead_lettered} counted
 * beyond them (records dead-lettered before the statuses were counted) is {@code unknown}, so the
 * samples add up to the total.
 */
final class DeadLetterStatuses {
  static final Pattern KEY =
      Pattern.compile(
          "dead_lettered_status_([1-5][0-9][0-9]|none)" + Pattern.quote(CounterTotals.SUFFIX));
  static final String UNKNOWN = "unknown";

  private DeadLetterStatuses() {}

  static List<Sample> of(DaemonStatus status, long since, String daemon) {
    Map<String, Long> byStatus = new TreeMap<>();
    for (String key : status.values().keySet()) {
      Matcher m = KEY.matcher(key);
      if (m.matches()) {
        byStatus.put(m.group(1), Math.max(0, status.getLong(key).orElse(0)));
      }
    }
    List<Sample> samples = new ArrayList<>();
    long counted = 0;
    for (Map.Entry<String, Long> e : byStatus.entrySet()) {
      counted = TotalSamples.saturatedSum(counted, e.getValue());
      samples.add(
          Sample.of(e.getValue(), "daemon", daemon, "status", e.getKey()).withCreated(since));
    }
    long total = TotalSamples.total(status, "dead_lettered");
    if (total > counted || samples.isEmpty()) {
      samples.add(
          Sample.of(Math.max(0, total - counted), "daemon", daemon, "status", UNKNOWN)
              .withCreated(since));
    }
    return samples;
  }
}
