package org.telemetrics.postd.otlp;

import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;

/**
 * The {@code otlp_*} settings: body encoding, compression, how many queued records (and record
 * bytes) one request may hold, and whether a partial success is resolved by sending the records of
 * the request again one by one ({@code otlp_partial_success=isolate}) or dead-letters them all.
 */
public record OtlpSettings(
    boolean json, boolean gzip, int batchRecords, long batchBytes, boolean isolate) {
  public OtlpSettings {
    if (batchRecords < 1 || batchBytes < 1) {
      throw new IllegalArgumentException("an OTLP request holds at least one record");
    }
  }

  /** With the default {@code otlp_partial_success=isolate}. */
  public OtlpSettings(boolean json, boolean gzip, int batchRecords, long batchBytes) {
    this(json, gzip, batchRecords, batchBytes, true);
  }

  public static OtlpSettings from(TelemetryConfig c) {
    return new OtlpSettings(
        c.get(ConfigKeys.OTLP_ENCODING).equals("json"),
        c.get(ConfigKeys.OTLP_COMPRESSION).equals("gzip"),
        c.get(ConfigKeys.OTLP_BATCH_RECORDS).intValue(),
        c.get(ConfigKeys.OTLP_BATCH_BYTES),
        c.get(ConfigKeys.OTLP_PARTIAL_SUCCESS).equals("isolate"));
  }

  /** The content type of requests (and of answers when the collector names none). */
  public String contentType() {
    return json ? "application/json" : "application/x-protobuf";
  }
}
