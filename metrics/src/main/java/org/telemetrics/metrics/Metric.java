package org.telemetrics.metrics;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One metric family of the suite, as Prometheus names it: {@code telemetrics_} prefix, base unit in
 * the name, {@code _total} for counters, {@code _info} for information. {@code integral} says that
 * its values are whole numbers, so the line protocol types them as integers (a field must keep one
 * type in InfluxDB); a histogram's counts are always whole, its sum never.
 */
public record Metric(
    String name, String help, Type type, Unit unit, boolean integral, List<Sample> samples) {
  private static final Pattern NAME = Pattern.compile("telemetrics_[a-z0-9_]+");

  /** HISTOGRAM: cumulative buckets, count and sum in seconds (see {@link Sample#histogram}). */
  public enum Type {
    COUNTER,
    GAUGE,
    INFO,
    HISTOGRAM
  }

  public enum Unit {
    NONE,
    BYTES,
    SECONDS
  }

  public Metric {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("metric name " + name + " is not telemetrics_[a-z0-9_]+");
    }
    if (type == Type.COUNTER && !name.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + name + " does not end in _total");
    }
    if (type == Type.INFO && !name.endsWith("_info")) {
      throw new IllegalArgumentException("info metric " + name + " does not end in _info");
    }
    String base = baseName(name, type);
    if (unit != Unit.NONE && !base.endsWith("_" + unit.name().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("metric " + name + " does not name its unit " + unit);
    }
    samples = List.copyOf(samples);
    for (Sample s : samples) {
      if (s.isHistogram() != (type == Type.HISTOGRAM)) {
        throw new IllegalArgumentException(
            "metric "
                + name
                + " of type "
                + type
                + (s.isHistogram() ? " has a histogram sample" : " has a sample without buckets"));
      }
    }
  }

  /**
   * The name without the {@code _total}/{@code _info} suffix, as client_java's snapshots take it.
   */
  public String baseName() {
    return baseName(name, type);
  }

  private static String baseName(String name, Type type) {
    return switch (type) {
      case COUNTER -> name.substring(0, name.length() - "_total".length());
      case INFO -> name.substring(0, name.length() - "_info".length());
      case GAUGE, HISTOGRAM -> name;
    };
  }
}
