package org.telemetrics.metrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.telemetrics.files.FileErrors;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * Reads the metrics model from what the daemons persist, so that it answers while they sleep (they
 * exit when idle and are started again by systemd). Reading never starts or wakes a daemon.
 *
 * <p>A damaged status file costs only its own daemon's metrics: they are left out (zeros would make
 * counters go down), {@code telemetrics_status_file_readable{daemon}} is 0, and the reading names
 * the file in its problems.
 */
public final class PersistedMetrics {
  private final MetricsSources sources;
  private final Clock clock;

  public PersistedMetrics(MetricsSources sources, Clock clock) {
    this.sources = sources;
    this.clock = clock;
  }

  /** Everything readable now, and what was not. */
  public MetricsReading read() {
    List<Metric> metrics = new ArrayList<>(SuiteMetrics.of(sources, clock));
    List<String> problems = new ArrayList<>();
    List<Sample> readable = new ArrayList<>();
    daemon(
        ProbdMetrics.DAEMON,
        sources.probdStatusFile(),
        s -> ProbdMetrics.of(s, sources.classifications()),
        metrics,
        readable,
        problems);
    daemon(
        PostdMetrics.DAEMON,
        sources.postdStatusFile(),
        s -> PostdMetrics.of(s, sources.classifications(), clock),
        metrics,
        readable,
        problems);
    metrics.add(
        new Metric(
            "telemetrics_status_file_readable",
            "1 when the daemon's status file is readable or not there yet, 0 when it is damaged "
                + "(its metrics are then left out).",
            Type.GAUGE,
            Unit.NONE,
            true,
            readable));
    return new MetricsReading(MetricsModel.merging(metrics), problems);
  }

  /** The model, or an {@link IOException} naming the first damaged status file. */
  public MetricsModel readOrThrow() throws IOException {
    MetricsReading reading = read();
    if (!reading.problems().isEmpty()) {
      throw new IOException(reading.problems().get(0));
    }
    return reading.model();
  }

  private static void daemon(
      String daemon,
      Path file,
      Function<DaemonStatus, List<Metric>> of,
      List<Metric> metrics,
      List<Sample> readable,
      List<String> problems) {
    DaemonStatus status;
    try {
      status = StatusFile.read(file);
    } catch (NoSuchFileException e) {
      status = DaemonStatus.empty(); // the daemon never ran: every count is 0
    } catch (IOException e) {
      String line = FileErrors.describe(e); // may be a sentence about the file already
      problems.add(line.contains(file.toString()) ? line : file + ": " + line);
      readable.add(Sample.of(0, "daemon", daemon));
      return;
    }
    readable.add(Sample.of(1, "daemon", daemon));
    metrics.addAll(of.apply(status));
  }
}
