package org.telemetrics.metrics;

import java.nio.file.Path;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.status.ClassificationLabels;

/**
 * Where the metrics come from, taken from one configuration: the daemons' status files, the files
 * whose presence or age is a gauge, and the settings shown as gauges or labels.
 */
public record MetricsSources(
    Path probdStatusFile,
    Path postdStatusFile,
    Path optInFile,
    Path staticMachineIdFile,
    Path machineIdFile,
    ClassificationLabels classifications,
    boolean deliveryEnabled) {

  /** {@code metrics_classifications} was checked when the configuration was loaded. */
  public static MetricsSources of(TelemetryConfig config) {
    return new MetricsSources(
        config.path(ConfigKeys.PROBD_STATUS_FILE),
        config.path(ConfigKeys.POSTD_STATUS_FILE),
        config.path(ConfigKeys.OPT_IN_FILE),
        config.path(ConfigKeys.STATIC_MACHINE_ID_FILE),
        config.path(ConfigKeys.MACHINE_ID_FILE),
        ClassificationLabels.parse(config.get(ConfigKeys.METRICS_CLASSIFICATIONS)),
        config.get(ConfigKeys.RECORD_SERVER_DELIVERY_ENABLED));
  }
}
