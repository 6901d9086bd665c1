package org.telemetrics.probes.klog;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.probes.cli.ProbeRuntime;

/** Where klogscanner's records go: libtelemetry's client, in production. */
interface ReportSender {
  /**
   * Since when the machine is opted in, on the clock of the kernel log's timestamps (µs since boot;
   * negative: before this boot), or empty when it is not opted in. Checked before every record.
   */
  OptionalLong optedInSinceKernelMicros();

  SendResult send(String classification, int severity, String payload);

  /**
   * Through telemprobd's socket; opted in since the opt-in marker's modification time (which {@code
   * telemctl opt-in} sets when it creates the marker), moved onto the kernel's clock by the current
   * distance between the wall clock and the monotonic one (the clock of {@code /dev/kmsg}'s
   * timestamps, which like it does not count suspend).
   */
  static ReportSender of(
      TelemetryClient client, Path optInFile, Clock clock, LongSupplier monotonicNanos) {
    return new ReportSender() {
      @Override
      public OptionalLong optedInSinceKernelMicros() {
        Optional<FileTime> marker = ProbeRuntime.optedInSince(optInFile);
        if (marker.isEmpty()) {
          return OptionalLong.empty(); // not opted in
        }
        long ageMicros = ChronoUnit.MICROS.between(marker.get().toInstant(), clock.instant());
        return OptionalLong.of(monotonicNanos.getAsLong() / 1000 - ageMicros);
      }

      @Override
      public SendResult send(String classification, int severity, String payload) {
        return ProbeRuntime.send(client, classification, severity, payload);
      }
    };
  }
}
