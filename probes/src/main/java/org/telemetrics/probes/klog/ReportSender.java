package org.telemetrics.probes.klog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
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
        try {
          var marker = Files.getLastModifiedTime(optInFile);
          long ageMicros = ChronoUnit.MICROS.between(marker.toInstant(), clock.instant());
          return OptionalLong.of(monotonicNanos.getAsLong() / 1000 - ageMicros);
        } catch (IOException e) {
          return OptionalLong.empty(); // no marker: not opted in
        }
      }

      @Override
      public SendResult send(String classification, int severity, String payload) {
        return ProbeRuntime.send(client, classification, severity, payload);
      }
    };
  }
}
