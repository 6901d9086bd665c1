package org.telemetrics.ctl.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.telemetrics.ctl.usage.DayUsage;
import org.telemetrics.ctl.usage.QueueNow;
import org.telemetrics.ctl.usage.SettledRecord;
import org.telemetrics.ctl.usage.Tally;
import org.telemetrics.ctl.usage.UsageSummary;

/**
 * The transparency report: one self-contained HTML page (inline style and SVG, nothing fetched).
 * Every number that {@code telemctl usage --json} also prints sits in an element with a {@code
 * data-metric} attribute named after the JSON path (and {@code data-classification} for a
 * classification's row), so a reader or a test can check one against the other. The markup is
 * well-formed XML as well as HTML.
 */
final class ReportPage {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;color:#222;"
          + "max-width:70em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;"
          + "padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}"
          + "td.t{text-align:left}caption{text-align:left;font-weight:bold}"
          + ".note{color:#555;font-size:.9em}"
          + ".key span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;"
          + "vertical-align:middle}";

  private final UsageSummary usage;
  private final List<SettledRecord> latest;
  private final CollectionFacts facts;
  private final Instant now;
  private final ZoneId zone;

  ReportPage(
      UsageSummary usage,
      List<SettledRecord> latest,
      CollectionFacts facts,
      Instant now,
      ZoneId zone) {
    this.usage = usage;
    this.latest = latest;
    this.facts = facts;
    this.now = now;
    this.zone = zone;
  }

  String render() {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<title>Telemetry transparency report</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    b.append("<h1>What this machine sent</h1>\n<p class=\"note\">Written ")
        .append(time(now.getEpochSecond()))
        .append(" (")
        .append(Html.escape(zone.getId()))
        .append(") from the usage database ")
        .append(Html.escape(usage.database().toString()))
        .append(".</p>\n");
    totals(b);
    days(b);
    queue(b);
    collected(b);
    latest(b);
    return b.append("</body></html>\n").toString();
  }

  private void totals(StringBuilder b) {
    b.append("<section id=\"totals\"><h2>Totals</h2><table><thead>");
    TallyTables.headings(b, "");
    b.append("</thead><tbody>");
    TallyTables.tallyRow(
        b, "Today (" + usage.today().day() + ")", "today", null, usage.today().total());
    TallyTables.tallyRow(b, "Since boot", "since_boot", null, usage.sinceBoot());
    TallyTables.tallyRow(b, "All time", "all_time", null, usage.allTime());
    b.append("</tbody></table>");
    TallyTables.byClass(
        b, "today-classifications", "Today by classification", "today", usage.today().sorted());
    if (usage.sinceBootByClass().isPresent() && usage.allTimeByClass().isPresent()) {
      TallyTables.byClass(
          b,
          "since-boot-classifications",
          "Since boot by classification",
          "since_boot",
          usage.sinceBootByClass().get());
      TallyTables.byClass(
          b,
          "all-time-classifications",
          "All time by classification",
          "all_time",
          usage.allTimeByClass().get());
    } else {
      b.append(
          "<p class=\"note\" id=\"no-totals-by-class\">Since boot and all time are "
              + "shown by outcome only: this usage database was written by a telempostd that kept "
              + "no totals by classification.</p>");
    }
    b.append("</section>\n");
  }

  private void days(StringBuilder b) {
    List<DayUsage> days = usage.days();
    b.append("<section id=\"days\"><h2>The last ")
        .append(days.size())
        .append(" days</h2>\n<p class=\"key\">");
    for (String o : Tally.OUTCOMES) {
      b.append("<span style=\"background:")
          .append(DayChart.COLOURS.get(o))
          .append("\"></span>")
          .append(o);
    }
    b.append("</p>\n<h3>Records per day</h3>\n")
        .append(DayChart.records("records-chart", days))
        .append("\n<h3>Bytes per day</h3>\n")
        .append(DayChart.bytes("bytes-chart", days));
    b.append(
        "\n<table id=\"day-table\"><caption>Per day and classification (days with "
            + "records)</caption><thead>");
    TallyTables.headings(b, "day / classification");
    b.append("</thead><tbody>");
    for (int i = days.size() - 1; i >= 0; i--) {
      DayUsage day = days.get(i);
      if (day.total().records() == 0) {
        continue;
      }
      TallyTables.plainRow(b, "<strong>" + day.day() + "</strong>", day.total());
      day.sorted().forEach((c, t) -> TallyTables.plainRow(b, "&#160;&#160;" + Html.escape(c), t));
    }
    b.append("</tbody></table></section>\n");
  }

  private void queue(StringBuilder b) {
    QueueNow q = usage.queue();
    b.append("<section id=\"queue\"><h2>Waiting to be sent</h2><table><tbody>");
    TallyTables.queueRow(
        b, "Records queued", "current.records_queued", Html.count(q.recordsQueued()));
    TallyTables.queueRow(b, "Bytes queued", "current.bytes_queued", Html.count(q.bytesQueued()));
    TallyTables.queueRow(b, "Being sent", "current.in_flight", Html.count(q.inFlight()));
    TallyTables.queueRow(
        b,
        "Oldest queued (seconds)",
        "current.oldest_queued_age",
        String.format(Locale.ROOT, "%.0f", q.oldestQueuedAgeSeconds()));
    b.append("</tbody></table><p class=\"note\">As telempostd last wrote it: ")
        .append(q.updated().isPresent() ? time(q.updated().getAsLong()) : "never")
        .append(".</p></section>\n");
  }

  private void collected(StringBuilder b) {
    b.append("<section id=\"collected\"><h2>What is collected and where it goes</h2><dl>");
    b.append("<dt>Server</dt><dd id=\"server\">")
        .append(
            facts
                .serverHost()
                .map(Html::escape)
                .orElse("none configured: records stay on this machine"))
        .append(facts.deliveryEnabled() ? "" : " (delivery to the server is off)")
        .append("</dd>");
    b.append("<dt>Opted in</dt><dd id=\"opt-in\">")
        .append(
            facts
                .optedInSince()
                .map(t -> "since " + time(t.getEpochSecond()))
                .orElse("no: nothing is sent"))
        .append("</dd>");
    b.append("<dt>Blurring</dt><dd id=\"blur\">")
        .append(
            usage.blurred()
                ? "on: times rounded down to "
                    + usage.blurSeconds().getAsLong()
                    + " seconds, sizes "
                    + "rounded up (10 kB steps below 1 MB, 1 MB below 1 GB, 100 MB above), so sizes "
                    + "here are upper bounds"
                : "off: times and sizes are exact")
        .append("</dd>");
    b.append("<dt>Local copies of payloads</dt><dd id=\"retention\">")
        .append(
            facts.retention()
                ? "kept in " + Html.escape(facts.retentionDir().toString())
                : "not kept")
        .append("</dd></dl>");
    b.append(
        "<p class=\"note\">Each record carries its classification, severity, the "
            + "probe's payload and the machine's identifiers as telemctl preview shows them. This "
            + "page and the usage database hold only each record's time, size, outcome, attempts "
            + "and classification: never a payload, an id or the server's address.</p></section>\n");
  }

  private void latest(StringBuilder b) {
    b.append(
        "<section id=\"latest\"><h2>The last records</h2><table><thead><tr>"
            + "<th>settled</th><th>classification</th><th>bytes</th><th>outcome</th>"
            + "<th>attempts</th></tr></thead><tbody>");
    for (SettledRecord r : latest) {
      b.append("<tr><td>")
          .append(time(r.settled()))
          .append("</td><td class=\"t\">")
          .append(Html.escape(r.classification()))
          .append("</td><td>")
          .append(Html.count(r.totalBytes()))
          .append("</td><td class=\"t\">")
          .append(Html.escape(r.outcome()))
          .append(r.reason().map(x -> " (" + Html.escape(x) + ")").orElse(""))
          .append("</td><td>")
          .append(r.attempts())
          .append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  /**
   * A time as the page shows it; with blurring on, rounded down to the blur window like the
   * database's own times, so the page's other times (when it was written, when the machine opted
   * in, when the queue was last counted) are no finer either.
   */
  private String time(long epochSecond) {
    long shown = epochSecond;
    if (usage.blurred()) {
      shown =
          Math.floorDiv(epochSecond, usage.blurSeconds().getAsLong())
              * usage.blurSeconds().getAsLong();
    }
    return Instant.ofEpochSecond(shown).atZone(zone).format(TIME);
  }
}
