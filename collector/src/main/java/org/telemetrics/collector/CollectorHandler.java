package org.telemetrics.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.telemetrics.log.Log;

/**
 * Answers like the backend's routes: {@code POST /} and {@code POST /v2/collector} take a record
 * (201 with the stored record as JSON, or 400 {@code {"message": …}}), {@code GET} on them
 * redirects to {@code /telemetryui}, {@code GET /api/records} lists the newest records. Unlike the
 * backend, a body larger than the configured limit is refused with 413, and {@code POST /v1/logs}
 * takes OTLP/HTTP logs ({@link OtlpLogsHandler}).
 */
final class CollectorHandler implements HttpHandler {
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
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/") || path.equals("/v2/collector")) {
        switch (method) {
          case "POST" -> post(exchange);
          case "GET", "HEAD" -> {
            exchange.getResponseHeaders().set("Location", "/telemetryui");
            send(exchange, 302, "text/html; charset=utf-8", new byte[0]);
          }
          default -> methodNotAllowed(exchange, "GET, HEAD, OPTIONS, POST");
        }
      } else if (path.equals("/v1/logs")) {
        if (method.equals("POST")) {
          postOtlp(exchange);
        } else {
          methodNotAllowed(exchange, "POST");
        }
      } else if (path.equals("/api/records")) {
        if (method.equals("GET") || method.equals("HEAD")) {
          sendJson(exchange, 200, "{\"records\":[" + String.join(",", store.recentJson()) + "]}");
        } else {
          methodNotAllowed(exchange, "GET, HEAD, OPTIONS");
        }
      } else {
        send(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "404 Not Found\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void post(HttpExchange exchange) throws IOException {
    Optional<byte[]> body = readBody(exchange);
    if (body.isEmpty()) {
      log.warning("rejected a record: body larger than " + maxBodyBytes + " bytes");
      exchange.getResponseHeaders().set("Connection", "close");
      sendJson(exchange, 413, message("request body larger than " + maxBodyBytes + " bytes"));
      return;
    }
    BackendHeaders headers = BackendHeaders.of(exchange.getRequestHeaders());
    Optional<String> violation = rules.firstViolation(headers);
    if (violation.isPresent()) {
      log.warning("rejected a record: " + violation.get());
      sendJson(exchange, 400, message(violation.get()));
      return;
    }
    CollectedRecord stored;
    try {
      stored = store.append(id -> CollectedRecord.from(id, clock.millis(), headers, body.get()));
    } catch (IOException e) {
      log.error("could not store a record: " + e.getMessage());
      sendJson(exchange, 500, message("could not store the record"));
      return;
    }
    log.info(
        "accepted record "
            + stored.id()
            + " "
            + stored.classification()
            + (stored.recordId() == null ? "" : " record_id=" + stored.recordId()));
    sendJson(exchange, 201, stored.toJson());
  }

  private void postOtlp(HttpExchange exchange) throws IOException {
    Optional<byte[]> body = readBody(exchange);
    if (body.isEmpty()) {
      log.warning("refused an OTLP request: body larger than " + maxBodyBytes + " bytes");
      exchange.getResponseHeaders().set("Connection", "close");
      send(
          exchange,
          413,
          "text/plain; charset=utf-8",
          ("request body larger than " + maxBodyBytes + " bytes\n")
              .getBytes(StandardCharsets.UTF_8));
      return;
    }
    OtlpLogsHandler.Answer a = otlp.handle(exchange, body.get());
    send(exchange, a.status(), a.contentType(), a.body());
  }

  /** The body, or empty when it is larger than the limit. */
  private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > maxBodyBytes) {
          return Optional.empty();
        }
      } catch (NumberFormatException e) {
        // the server has already refused a malformed length; read what arrives, bounded
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          return Optional.empty();
        }
        out.write(buf, 0, n);
      }
    }
    return Optional.of(out.toByteArray());
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

  private static void methodNotAllowed(HttpExchange exchange, String allow) throws IOException {
    exchange.getResponseHeaders().set("Allow", allow);
    send(
        exchange,
        405,
        "text/plain; charset=utf-8",
        "405 Method Not Allowed\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json", (json + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
