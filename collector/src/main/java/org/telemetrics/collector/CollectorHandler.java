package org.telemetrics.collector;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * Answers like the backend's routes: {@code POST /} and {@code POST /v2/collector} take a record
 * (201 with the stored record as JSON, or 400 {@code {"message": …}}), {@code GET} on them
 * redirects to {@code /telemetryui}, {@code GET /api/records} lists the newest records. Unlike the
 * backend, a body larger than the configured limit is refused with 413, and {@code POST /v1/logs}
 * takes OTLP/HTTP logs ({@link OtlpLogsHandler}).
 */
final class CollectorHandler implements BlockingHttpServer.Handler {
  private final BackendRules rules;
  private final JsonLinesStore store;
  private final long maxBodyBytes;
  private final Clock clock;
  private final Log log;
  private final OtlpLogsHandler otlp;

  CollectorHandler(
      BackendRules rules, JsonLinesStore store, long maxBodyBytes, Clock clock, Log log) {
    this.rules = rules;
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    this.log = log;
    this.otlp = new OtlpLogsHandler(rules, store, maxBodyBytes, clock, log);
  }

  @Override
  public HttpAnswer handle(HttpRequest request) {
    String path = request.path();
    String method = request.method();
    if (path.equals("/") || path.equals("/v2/collector")) {
      return switch (method) {
        case "POST" -> post(request);
        case "GET", "HEAD" ->
            HttpAnswer.of(302, "text/html; charset=utf-8", new byte[0])
                .withHeader("Location: /telemetryui");
        default -> methodNotAllowed("GET, HEAD, OPTIONS, POST");
      };
    } else if (path.equals("/v1/logs")) {
      return method.equals("POST") ? postOtlp(request) : methodNotAllowed("POST");
    } else if (path.equals("/api/records")) {
      if (method.equals("GET") || method.equals("HEAD")) {
        return HttpAnswer.json(200, "{\"records\":[" + String.join(",", store.recentJson()) + "]}");
      }
      return methodNotAllowed("GET, HEAD, OPTIONS");
    }
    return HttpAnswer.text(404, "404 Not Found\n");
  }

  private HttpAnswer post(HttpRequest request) {
    byte[] body = request.body();
    if (body == null) {
      log.warning("rejected a record: body larger than " + maxBodyBytes + " bytes");
      return HttpAnswer.json(413, message("request body larger than " + maxBodyBytes + " bytes"))
          .closing();
    }
    BackendHeaders headers = BackendHeaders.of(request.headers());
    Optional<String> violation = rules.firstViolation(headers);
    if (violation.isPresent()) {
      log.warning("rejected a record: " + violation.get());
      return HttpAnswer.json(400, message(violation.get()));
    }
    JsonLinesStore.Stored line;
    try {
      line = store.append(id -> CollectedRecord.from(id, clock.millis(), headers, body));
    } catch (IOException e) {
      log.error("could not store a record: " + FileErrors.describe(e));
      return HttpAnswer.json(500, message("could not store the record"));
    }
    CollectedRecord stored = line.record();
    log.info(
        "accepted record "
            + stored.id()
            + " "
            + stored.classification()
            + (stored.recordId() == null ? "" : " record_id=" + stored.recordId()));
    return HttpAnswer.json(201, line.json());
  }

  private HttpAnswer postOtlp(HttpRequest request) {
    if (request.body() == null) {
      log.warning("refused an OTLP request: body larger than " + maxBodyBytes + " bytes");
      return HttpAnswer.text(413, "request body larger than " + maxBodyBytes + " bytes\n")
          .closing();
    }
    return otlp.handle(request);
  }

  private static String message(String text) {
    StringBuilder sb = new StringBuilder("{\"message\":\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append("\"}").toString();
  }

  private static HttpAnswer methodNotAllowed(String allow) {
    return HttpAnswer.text(405, "405 Method Not Allowed\n").withHeader("Allow: " + allow);
  }
}
