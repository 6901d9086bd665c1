package org.telemetrics.ctl.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.telemetrics.ctl.usage.DayUsage;
import org.telemetrics.ctl.usage.Tally;

/**
 * An inline SVG bar chart: one bar per day, stacked by outcome. Drawn from the same {@link
 * DayUsage} values as the tables, with a {@code <title>} per segment for the exact value.
 */
final class DayChart {
  static final Map<String, String> COLOURS =
      Map.of(
          "delivered",
          "#2e7d32",
          "dead_letter",
          "#c62828",
          "dropped",
          "#ef6c00",
          "expired",
          "#6a1b9a",
          "local_only",
          "#1565c0");
  private static final int WIDTH = 900;
  private static final int HEIGHT = 240;
  private static final int LEFT = 70;
  private static final int BOTTOM = 30;
  private static final int TOP = 10;

  private DayChart() {}

  /** A part of a day's bar. */
  record Segment(String name, String colour, long value) {}

  /** Records per day, stacked by outcome. */
  static String records(String id, List<DayUsage> days) {
    return svg(
        id,
        "records",
        days,
        d ->
            Tally.OUTCOMES.stream()
                .map(o -> new Segment(o, COLOURS.get(o), d.total().outcome(o)))
                .toList());
  }

  /** Bytes per day (the usage rows keep one size per record, whatever its outcome). */
  static String bytes(String id, List<DayUsage> days) {
    return svg(
        id, "bytes", days, d -> List.of(new Segment("all outcomes", "#455a64", d.total().bytes())));
  }

  private static String svg(
      String id, String what, List<DayUsage> days, Function<DayUsage, List<Segment>> segments) {
    long max =
        Math.max(
            1,
            days.stream()
                .mapToLong(d -> segments.apply(d).stream().mapToLong(Segment::value).sum())
                .max()
                .orElse(1));
    int plotWidth = WIDTH - LEFT - 10;
    int plotHeight = HEIGHT - BOTTOM - TOP;
    double slot = (double) plotWidth / days.size();
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
        .append(id)
        .append("\" role=\"img\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\">");
    b.append("<title>").append(Html.escape(what)).append(" per day</title>");
    b.append(line(LEFT, TOP, LEFT, TOP + plotHeight));
    b.append(line(LEFT, TOP + plotHeight, WIDTH - 10, TOP + plotHeight));
    b.append(label(LEFT - 6, TOP + 10, "end", Html.count(max)));
    b.append(label(LEFT - 6, TOP + plotHeight, "end", "0"));
    for (int i = 0; i < days.size(); i++) {
      DayUsage day = days.get(i);
      double x = LEFT + i * slot + slot * 0.15;
      double y = TOP + plotHeight;
      for (Segment segment : segments.apply(day)) {
        long value = segment.value();
        if (value <= 0) {
          continue;
        }
        double h = (double) value * plotHeight / max;
        y -= h;
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                x,
                y,
                slot * 0.7,
                Math.max(h, 0.5),
                segment.colour()));
        b.append("<title>")
            .append(day.day())
            .append(": ")
            .append(Html.count(value))
            .append(' ')
            .append(Html.escape(what))
            .append(", ")
            .append(Html.escape(segment.name()))
            .append("</title></rect>");
      }
      if (i % 5 == 0 || i == days.size() - 1) {
        b.append(
            label(
                LEFT + i * slot + slot / 2,
                HEIGHT - 10,
                "middle",
                day.day().toString().substring(5)));
      }
    }
    return b.append("</svg>").toString();
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>",
        x1,
        y1,
        x2,
        y2);
  }

  private static String label(double x, double y, String anchor, String text) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"11\" fill=\"#333\">%s</text>",
        x,
        y,
        anchor,
        Html.escape(text));
  }
}
