package org.telemetrics.postd.otlp;

import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;

/**
 * The {@code otlp_*} settings: body encoding, compression, and how many queued records (and record
 * bytes) one request may hold.
 */
public record OtlpSettings(boolean json, boolean gzip, int batchRecords, long batchBytes) {
  public OtlpSettings {
    if (batchRecords < 1 || batchBytes < 1) {
      throw new IllegalArgumentException("an OTLP request holds at least one record");
    }
  }

  public static OtlpSettings from(TelemetryConfig c) {
    return new OtlpSettings(
        c.get(ConfigKeys.OTLP_ENCODING).equals("json"),
        c.get(ConfigKeys.OTLP_COMPRESSION).equals("gzip"),
        c.get(ConfigKeys.OTLP_BATCH_RECORDS).intValue(),
        c.get(ConfigKeys.OTLP_BATCH_BYTES));
  }

  /** The content type of requests (and of answers when the collector names none). */
  public String contentType() {
    return json ? "application/json" : "application/x-protobuf";
  }
}
