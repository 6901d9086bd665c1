package org.telemetrics.collector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * {@code POST /v1/logs}: OTLP/HTTP logs, protobuf or JSON, plain or gzip. Each log record is
 * checked by the backend's rules as a record of the other formats is; the valid ones are stored and
 * the others counted in the answer's partial success with the first rule they broke. A request that
 * cannot be read is answered 400 with a {@code google.rpc.Status}.
 */
final class OtlpLogsHandler {
  /** The {@code google.rpc.Code} of every refusal here. */
  private static final int INVALID_ARGUMENT = 3;

  /** The code of a request that could not be stored: retryable, as 503 is for OTLP/HTTP. */
  private static final int UNAVAILABLE = 14;

  private final BackendRules rules;
  private final JsonLinesStore store;
  private final long maxBodyBytes;
  private final Clock clock;
  private final Log log;

  OtlpLogsHandler(
      BackendRules rules, JsonLinesStore store, long maxBodyBytes, Clock clock, Log log) {
    this.rules = rules;
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    this.log = log;
  }

  HttpAnswer handle(HttpRequest request) {
    byte[] raw = request.body();
    String type =
        Optional.ofNullable(request.firstHeader("Content-Type"))
            .orElse("")
            .toLowerCase(Locale.ROOT);
    boolean json = type.startsWith("application/json");
    if (!json && !type.startsWith("application/x-protobuf")) {
      return status(
          415, false, "Content-Type must be application/x-protobuf or" + " application/json");
    }
    byte[] body;
    String encoding =
        Optional.ofNullable(request.firstHeader("Content-Encoding"))
            .orElse("")
            .strip()
            .toLowerCase(Locale.ROOT);
    try {
      body =
          switch (encoding) {
            case "", "identity" -> raw;
            case "gzip" -> gunzip(raw);
            default ->
                throw new IllegalArgumentException(
                    "Content-Encoding " + encoding + " is not supported (gzip is)");
          };
    } catch (IOException | IllegalArgumentException e) {
      return status(400, json, "cannot decompress the body: " + e.getMessage());
    }
    if (body == null) {
      return status(413, json, "body larger than " + maxBodyBytes + " bytes once decompressed");
    }
    List<OtlpLogRecord> records;
    try {
      records = json ? OtlpLogsDecoder.json(body) : OtlpLogsDecoder.protobuf(body);
    } catch (IllegalArgumentException e) {
      return status(400, json, "not an OTLP logs request: " + e.getMessage());
    }
    Optional<String> tid = Optional.ofNullable(request.firstHeader(BackendRules.TID_HEADER));
    long rejected = 0;
    String firstError = "";
    List<JsonLinesStore.RecordFactory> valid = new ArrayList<>(records.size());
    for (OtlpLogRecord r : records) {
      BackendHeaders headers = OtlpRecordHeaders.of(r, tid);
      String error =
          rules.firstViolation(headers).orElse(r.body() == null ? "body is not a string" : null);
      if (error != null) {
        log.warning("rejected an OTLP log record: " + error);
        rejected++;
        firstError = firstError.isEmpty() ? error : firstError;
      } else {
        byte[] payload = r.body().getBytes(StandardCharsets.UTF_8);
        valid.add(id -> CollectedRecord.from(id, clock.millis(), headers, payload));
      }
    }
    List<JsonLinesStore.Stored> stored;
    try {
      stored = store.appendAll(valid); // one sync for the whole request
    } catch (IOException e) {
      log.error("could not store " + valid.size() + " OTLP log records: " + FileErrors.describe(e));
      return HttpAnswer.of(
          503,
          json ? "application/json" : "application/x-protobuf",
          OtlpAnswers.status(UNAVAILABLE, "could not store the records", json));
    }
    for (JsonLinesStore.Stored line : stored) {
      CollectedRecord c = line.record();
      log.info(
          "accepted record "
              + c.id()
              + " "
              + c.classification()
              + " (otlp)"
              + (c.recordId() == null ? "" : " record_id=" + c.recordId()));
    }
    return HttpAnswer.of(
        200,
        json ? "application/json" : "application/x-protobuf",
        OtlpAnswers.exportResponse(rejected, firstError, json));
  }

  /** The decompressed body; null when it would pass the limit. */
  private byte[] gunzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          return null;
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private HttpAnswer status(int code, boolean json, String message) {
    log.warning("refused an OTLP request: " + message);
    return HttpAnswer.of(
        code,
        json ? "application/json" : "application/x-protobuf",
        OtlpAnswers.status(INVALID_ARGUMENT, message, json));
  }
}
