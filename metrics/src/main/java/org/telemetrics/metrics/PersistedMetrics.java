package org.telemetrics.metrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.Version;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * Reads the metrics model from what the daemons persist, so that it answers while they sleep
 * (they exit when idle and are started again by systemd). Reading never starts or wakes a daemon.
 */
public final class PersistedMetrics {
  private final Path probdStatusFile;
  private final Path postdStatusFile;

  public PersistedMetrics(Path probdStatusFile, Path postdStatusFile) {
    this.probdStatusFile = probdStatusFile;
    this.postdStatusFile = postdStatusFile;
  }

  /** The model now; a damaged status file is an {@link IOException} naming it. */
  public MetricsModel read() throws IOException {
    List<Metric> metrics = new ArrayList<>();
    metrics.add(new Metric("telemetrics_build_info", "Version of the telemetrics client.",
        Type.INFO, Unit.NONE, true, List.of(Sample.of(1, "version", Version.number()))));
    metrics.addAll(ProbdMetrics.of(readStatus(probdStatusFile)));
    metrics.addAll(PostdMetrics.of(readStatus(postdStatusFile)));
    return new MetricsModel(metrics);
  }

  private static DaemonStatus readStatus(Path file) throws IOException {
    try {
      return StatusFile.read(file);
    } catch (NoSuchFileException e) {
      return DaemonStatus.empty(); // the daemon never ran: every count is 0
    }
  }
}
