package org.telemetrics.ctl.usage;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** One local day's settled records, per classification, and their sum. */
public record DayUsage(LocalDate day, Map<String, Tally> byClassification) {
  public DayUsage {
    byClassification = Map.copyOf(byClassification);
  }

  public Tally total() {
    return byClassification.values().stream().reduce(Tally.ZERO, Tally::plus);
  }

  /** Classifications in name order, so pages and output are stable. */
  public SortedMap<String, Tally> sorted() {
    return new TreeMap<>(byClassification);
  }
}
