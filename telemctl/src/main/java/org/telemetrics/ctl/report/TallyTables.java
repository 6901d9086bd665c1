package org.telemetrics.ctl.report;

import java.util.Map;
import org.telemetrics.ctl.usage.Tally;

/**
 * The report's tables of tallies: a row per scope or classification, a column per outcome. A cell
 * that {@code telemctl usage --json} also prints carries its JSON path in {@code data-metric}.
 */
final class TallyTables {
  private TallyTables() {}

  /** A table of {@code scope}'s totals, a row per classification (each with its outcomes). */
  static void byClass(
      StringBuilder b, String id, String caption, String scope, Map<String, Tally> tallies) {
    b.append("<table id=\"")
        .append(id)
        .append("\"><caption>")
        .append(caption)
        .append("</caption><thead>");
    headings(b, "classification");
    b.append("</thead><tbody>");
    for (Map.Entry<String, Tally> e : tallies.entrySet()) {
      tallyRow(b, e.getKey(), scope, e.getKey(), e.getValue());
    }
    b.append("</tbody></table>");
  }

  static void headings(StringBuilder b, String first) {
    b.append("<tr><th>").append(first).append("</th><th>records</th><th>bytes</th>");
    Tally.OUTCOMES.forEach(o -> b.append("<th>").append(o).append("</th>"));
    b.append("</tr>");
  }

  /** A row whose cells carry the JSON path of their number. */
  static void tallyRow(
      StringBuilder b, String label, String scope, String classification, Tally t) {
    String cls =
        classification == null
            ? ""
            : " data-classification=\"" + Html.escape(classification) + "\"";
    b.append("<tr><td>").append(Html.escape(label)).append("</td>");
    cell(b, scope + ".records", cls, t.records());
    cell(b, scope + ".bytes", cls, t.bytes());
    t.outcomes()
        .forEach(
            (o, n) -> {
              if (Tally.OUTCOMES.contains(o)) {
                cell(b, scope + ".outcomes." + o, cls, n);
              }
            });
    b.append("</tr>");
  }

  static void cell(StringBuilder b, String metric, String cls, long value) {
    b.append("<td data-metric=\"")
        .append(Html.escape(metric))
        .append('"')
        .append(cls)
        .append('>')
        .append(Html.count(value))
        .append("</td>");
  }

  static void plainRow(StringBuilder b, String labelHtml, Tally t) {
    b.append("<tr><td>")
        .append(labelHtml)
        .append("</td><td>")
        .append(Html.count(t.records()))
        .append("</td><td>")
        .append(Html.count(t.bytes()))
        .append("</td>");
    Tally.OUTCOMES.forEach(o -> b.append("<td>").append(Html.count(t.outcome(o))).append("</td>"));
    b.append("</tr>");
  }

  static void queueRow(StringBuilder b, String label, String metric, String value) {
    b.append("<tr><td>")
        .append(label)
        .append("</td><td data-metric=\"")
        .append(metric)
        .append("\">")
        .append(value)
        .append("</td></tr>");
  }
}
