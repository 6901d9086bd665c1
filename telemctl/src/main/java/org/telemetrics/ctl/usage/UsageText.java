package org.telemetrics.ctl.usage;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/** {@code telemctl usage} for a person: three blocks of aligned columns. */
final class UsageText {
  private UsageText() {}

  static String format(UsageSummary s) {
    StringBuilder b = new StringBuilder();
    b.append("Usage database: ").append(s.database());
    b.append(s.blurred() ? " (blurred to " + s.blurSeconds().getAsLong() + " s)" : "").append('\n');
    b.append('\n').append(header("Today (" + s.today().day() + ")"));
    row(b, "all", s.today().total());
    for (Map.Entry<String, Tally> e : s.today().sorted().entrySet()) {
      row(b, e.getKey(), e.getValue());
    }
    b.append('\n').append(header("Since boot"));
    row(b, "all", s.sinceBoot());
    byClass(b, s.sinceBootByClass());
    b.append('\n').append(header("All time"));
    row(b, "all", s.allTime());
    byClass(b, s.allTimeByClass());
    QueueNow q = s.queue();
    b.append('\n')
        .append("Queued now: ")
        .append(q.recordsQueued())
        .append(" records, ")
        .append(q.bytesQueued())
        .append(" bytes, ")
        .append(q.inFlight())
        .append(" in flight")
        .append(
            q.recordsQueued() > 0
                ? String.format(Locale.ROOT, ", oldest %.0f s", q.oldestQueuedAgeSeconds())
                : "")
        .append('\n');
    return b.toString();
  }

  /** The rows by classification, or a note that this database keeps none. */
  private static void byClass(StringBuilder b, Optional<SortedMap<String, Tally>> byClass) {
    if (byClass.isEmpty()) {
      b.append("  (by classification: not kept by the writer of this database)\n");
      return;
    }
    for (Map.Entry<String, Tally> e : byClass.get().entrySet()) {
      row(b, e.getKey(), e.getValue());
    }
  }

  private static String header(String title) {
    StringBuilder b = new StringBuilder(title).append('\n');
    b.append(String.format(Locale.ROOT, "  %-40s %9s %12s", "classification", "records", "bytes"));
    for (String o : Tally.OUTCOMES) {
      b.append(String.format(Locale.ROOT, " %11s", o));
    }
    return b.append('\n').toString();
  }

  private static void row(StringBuilder b, String name, Tally t) {
    b.append(String.format(Locale.ROOT, "  %-40s %9d %12d", name, t.records(), t.bytes()));
    for (String o : Tally.OUTCOMES) {
      b.append(String.format(Locale.ROOT, " %11d", t.outcome(o)));
    }
    b.append('\n');
  }
}
