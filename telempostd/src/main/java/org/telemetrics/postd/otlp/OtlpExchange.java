package org.telemetrics.postd.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.LogText;
import org.telemetrics.postd.delivery.Outcome;
import org.telemetrics.postd.delivery.RetryAfter;
import org.telemetrics.spool.SpoolEntry;

/**
 * One OTLP/HTTP logs request and what its answer means (OTLP specification, "OTLP/HTTP"), without
 * the HTTP client: the body for a batch of records, and the {@link Outcome} of the collector's
 * status and body, which then goes through the retry policy for every record of the request. See
 * docs/protocol.md for the rules, partial success among them.
 */
public final class OtlpExchange {
  /** Bytes of an answer body read at most (a partial success or a status message). */
  public static final int ANSWER_BYTES = 64 * 1024;

  private static final int REASON_CHARS = 200;

  private final OtlpSettings settings;

  public OtlpExchange(OtlpSettings settings) {
    this.settings = settings;
  }

  /** The request body: encoded, then gzipped if configured. */
  public record Body(byte[] bytes, String contentType, Optional<String> contentEncoding) {}

  public Body body(List<SpoolEntry> entries) {
    LogsRequest request = LogsMapping.map(entries);
    byte[] encoded =
        settings.json() ? JsonLogsEncoder.encode(request) : ProtobufLogsEncoder.encode(request);
    if (!settings.gzip()) {
      return new Body(encoded, settings.contentType(), Optional.empty());
    }
    return new Body(gzip(encoded), settings.contentType(), Optional.of("gzip"));
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  /**
   * The outcome of a request of {@code records} records: 2xx delivered, unless its partial success
   * rejected some ({@link PartialSuccess}); 429, 502, 503, 504 retried (429 and 503 pause sending
   * for Retry-After); any other status refused.
   */
  public Outcome classify(
      int code, String contentType, byte[] body, String retryAfter, Instant now, int records) {
    if (code >= 200 && code < 300) {
      CollectorAnswer answer = CollectorAnswer.ofSuccess(body, contentType, settings.json());
      return PartialSuccess.outcome(code, answer, records, settings.isolate());
    }
    String message = CollectorAnswer.statusMessage(body, contentType, settings.json());
    if (message.isEmpty()) {
      message =
          new String(body, 0, Math.min(body.length, REASON_CHARS), StandardCharsets.ISO_8859_1);
    }
    String reason = "HTTP " + code + (message.isBlank() ? "" : " " + text(message));
    return switch (code) {
      case 429, 503 ->
          new Outcome.Transient(
              reason, true, RetryAfter.parse(retryAfter, now), AttemptOutcome.ofStatus(code), code);
      case 502, 504 ->
          new Outcome.Transient(
              reason, false, Optional.empty(), AttemptOutcome.ofStatus(code), code);
      default -> new Outcome.Permanent(code, reason);
    };
  }

  static String text(String s) {
    String cut = s.length() > REASON_CHARS ? s.substring(0, REASON_CHARS) : s;
    return LogText.escape(cut).strip();
  }
}
