package org.telemetrics.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.telemetrics.status.LatencyHistogram;

/**
 * The model as InfluxDB line protocol, for Telegraf's {@code inputs.exec} and {@code inputs.execd}
 * ({@code data_format = "influx"}): one measurement per daemon (the {@code daemon} label; {@code
 * telemetrics} for what belongs to no daemon), tagged with the host and the server host, one line
 * per remaining label set, fields named as the metric without its {@code telemetrics_} prefix.
 * Whole-number metrics are integers ({@code i}), so a field keeps one type. No timestamp: the
 * receiver stamps the lines.
 *
 * <p>A histogram {@code <name>} becomes fields of its line: {@code <name>_count} (integer), {@code
 * <name>_sum} (float, seconds) and one cumulative integer per bucket, {@code
 * <name>_bucket_le_<bound>} with the bound in plain decimal ({@code _le_0.0005}, {@code _le_2.5},
 * {@code _le_inf} last), so a bucket is one field (InfluxQL can subtract two) rather than a tag
 * value that would multiply the series.
 */
public final class InfluxLineFormat {
  static final String PREFIX = "telemetrics_";

  private InfluxLineFormat() {}

  /** {@code tags} (host, server...) are added to every line; empty values are left out. */
  public static String write(MetricsModel model, Map<String, String> tags) {
    Map<String, Map<String, String>> lines = new LinkedHashMap<>(); // key -> fields
    for (Metric m : model.metrics()) {
      for (Sample s : m.samples()) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        String measurement = labels.getOrDefault("daemon", "telemetrics");
        Map<String, String> lineTags = new TreeMap<>(labels);
        tags.forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                lineTags.putIfAbsent(k, v);
              }
            });
        lineTags.putIfAbsent("daemon", measurement);
        Map<String, String> fields =
            lines.computeIfAbsent(key(measurement, lineTags), k -> new LinkedHashMap<>());
        String field = m.name().substring(PREFIX.length());
        if (s.isHistogram()) {
          histogramFields(field, s.histogram(), fields);
        } else {
          fields.put(escapeKey(field), value(m, s));
        }
      }
    }
    StringBuilder out = new StringBuilder();
    lines.forEach(
        (key, fields) -> {
          out.append(key).append(' ');
          List<String> pairs = new ArrayList<>();
          fields.forEach((f, v) -> pairs.add(f + "=" + v));
          out.append(String.join(",", pairs)).append('\n');
        });
    return out.toString();
  }

  private static String key(String measurement, Map<String, String> tags) {
    StringBuilder sb = new StringBuilder(escapeMeasurement(measurement));
    tags.forEach((k, v) -> sb.append(',').append(escapeKey(k)).append('=').append(escapeKey(v)));
    return sb.toString();
  }

  private static void histogramFields(
      String name, LatencyHistogram.Values h, Map<String, String> fields) {
    String key = escapeKey(name);
    for (int i = 0; i < h.bounds().size(); i++) {
      fields.put(key + "_bucket_le_" + bound(h.bounds().get(i)), h.cumulative().get(i) + "i");
    }
    fields.put(key + "_bucket_le_inf", h.count() + "i");
    fields.put(key + "_count", h.count() + "i");
    fields.put(key + "_sum", Double.toString(h.sumSeconds())); // finite: Sample checks it
  }

  /** A bucket bound in a field key: plain decimal, no exponent ({@code 0.0005}, {@code 60}). */
  static String bound(double bound) {
    return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  private static String value(Metric m, Sample s) {
    if (m.integral()) {
      return Long.toString((long) s.value()) + "i";
    }
    return Double.toString(s.value());
  }

  /** Measurements: commas and spaces are escaped. */
  static String escapeMeasurement(String s) {
    return escape(s, ", ");
  }

  /** Tag keys, tag values and field keys: commas, equals signs and spaces are escaped. */
  static String escapeKey(String s) {
    return escape(s, ",= ");
  }

  /** String field values: double quotes and backslashes are escaped. */
  static String quoteString(String s) {
    return "\"" + escape(s.replace("\\", "\\\\"), "\"") + "\"";
  }

  private static String escape(String s, String special) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        c = ' '; // a newline would end the line; no escape exists for it
      }
      if (special.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
