package org.telemetrics.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

/** Records and spool files for tests. */
public final class Records {
  public static final HostInfo HOST =
      new HostInfo(
          "x86_64", "vendor|product|1", "12", "6.1.0", "debian", "board|vendor", "AMD EPYC", "1.0");

  private Records() {}

  public static TelemetryRecord record(String classification, String payload) {
    return RecordBuilder.create(classification, HOST)
        .severity(2)
        .payload(payload)
        .eventId("0123456789abcdef0123456789abcdef")
        .creationTimestamp(1795348000L)
        .build()
        .withMachineId("2eec9efcd7d37cbc959d7a0a9602681e");
  }

  /** Writes a spool file named by its record id into {@code dir}; returns its path. */
  public static Path spoolFile(Path dir, String recordId, String classification, String payload)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(recordId);
    Files.write(
        file,
        SpoolFileFormat.encode(
            SpoolEntry.of(recordId, 1795348000123L, record(classification, payload))));
    return file;
  }

  /** Adds a record to a spool file, as telemprobd commits records that arrive together. */
  public static Path append(Path file, String recordId, String classification, String payload)
      throws IOException {
    Files.write(
        file,
        SpoolFileFormat.encode(
            SpoolEntry.of(recordId, 1795348000123L, record(classification, payload))),
        java.nio.file.StandardOpenOption.APPEND);
    return file;
  }
}
