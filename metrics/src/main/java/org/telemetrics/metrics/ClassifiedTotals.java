package org.telemetrics.metrics;

import java.util.ArrayList;
import java.util.List;
import org.telemetrics.status.ClassificationLabels;
import org.telemetrics.status.DaemonStatus;

/**
 * A counter's samples by {@code classification}: one per glob of the allow-list (its persisted
 * {@code <counter>_class_<key>} total) and {@code other}, the counter's total minus the globs' sum.
 * So the label has at most (globs + 1) values however many classifications were counted, and the
 * samples always add up to the total, also after the list changed (the counts of a glob taken off
 * the list move to {@code other}).
 */
final class ClassifiedTotals {
  static final String LABEL = "classification";

  private ClassifiedTotals() {}

  static List<Sample> of(
      DaemonStatus status, long since, String daemon, String counter, ClassificationLabels labels) {
    List<Sample> samples = new ArrayList<>();
    long labelled = 0;
    for (String glob : labels.globs()) {
      String key = ClassificationLabels.statusKey(counter, glob);
      labelled = TotalSamples.saturatedSum(labelled, TotalSamples.total(status, key));
      samples.add(TotalSamples.of(status, since, daemon, key, LABEL, glob));
    }
    long total = TotalSamples.total(status, counter);
    samples.add(
        Sample.of(
                Math.max(0, total - labelled), "daemon", daemon, LABEL, ClassificationLabels.OTHER)
            .withCreated(since));
    return samples;
  }
}
