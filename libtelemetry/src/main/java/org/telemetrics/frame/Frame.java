package org.telemetrics.frame;

import java.util.Objects;
import java.util.Optional;
import org.telemetrics.record.TelemetryRecord;

/**
 * What one probe connection carries: a record and, when the probe was given a configuration file,
 * that file's path (the C frame's {@code CFG:} field).
 */
public record Frame(Optional<String> configPath, TelemetryRecord record) {
  public Frame {
    Objects.requireNonNull(configPath, "configPath");
    Objects.requireNonNull(record, "record");
  }

  public static Frame of(TelemetryRecord record) {
    return new Frame(Optional.empty(), record);
  }
}
