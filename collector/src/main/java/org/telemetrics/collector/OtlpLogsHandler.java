package org.telemetrics.collector;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
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

  /** What to answer: status, content type and body. */
  record Answer(int status, String contentType, byte[] body) {}

  Answer handle(HttpExchange exchange, byte[] raw) throws IOException {
    String type =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
            .orElse("")
            .toLowerCase(Locale.ROOT);
    boolean json = type.startsWith("application/json");
    if (!json && !type.startsWith("application/x-protobuf")) {
      return status(
          415, false, "Content-Type must be application/x-protobuf or" + " application/json");
    }
    byte[] body;
    String encoding =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Encoding"))
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
    Optional<String> tid =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst(BackendRules.TID_HEADER));
    long rejected = 0;
    String firstError = "";
    for (OtlpLogRecord r : records) {
      String error = store(r, tid);
      if (error != null) {
        rejected++;
        firstError = firstError.isEmpty() ? error : firstError;
      }
    }
    return new Answer(
        200,
        json ? "application/json" : "application/x-protobuf",
        OtlpAnswers.exportResponse(rejected, firstError, json));
  }

  /** Stores a valid record; returns why it is not, or null. */
  private String store(OtlpLogRecord r, Optional<String> tid) throws IOException {
    BackendHeaders headers = OtlpRecordHeaders.of(r, tid);
    Optional<String> violation = rules.firstViolation(headers);
    if (violation.isEmpty() && r.body() == null) {
      violation = Optional.of("body is not a string");
    }
    if (violation.isPresent()) {
      log.warning("rejected an OTLP log record: " + violation.get());
      return violation.get();
    }
    CollectedRecord stored =
        store.append(
            id ->
                CollectedRecord.from(
                    id, clock.millis(), headers, r.body().getBytes(StandardCharsets.UTF_8)));
    log.info(
        "accepted record "
            + stored.id()
            + " "
            + stored.classification()
            + " (otlp)"
            + (stored.recordId() == null ? "" : " record_id=" + stored.recordId()));
    return null;
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

  private Answer status(int code, boolean json, String message) {
    log.warning("refused an OTLP request: " + message);
    return new Answer(
        code,
        json ? "application/json" : "application/x-protobuf",
        OtlpAnswers.status(INVALID_ARGUMENT, message, json));
  }
}
