package org.telemetrics.metrics.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Which request gets what: {@code GET} or {@code HEAD} of {@value #METRICS} the metrics, of {@code
 * /} a page that links to them; any other path 404, any other method 405. The JDK's server picks a
 * handler by the longest path prefix, so without this {@code /anything} and {@code /metricsfoo}
 * answered the metrics or the page, and so did a {@code POST} or a {@code DELETE}: a mistyped
 * scrape target or a probe of the port looked like success.
 */
final class MetricsRoutes implements HttpHandler {
  static final String METRICS = "/metrics";

  private final HttpHandler metrics;
  private final HttpHandler index;

  MetricsRoutes(HttpHandler metrics, HttpHandler index) {
    this.metrics = metrics;
    this.index = index;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    HttpHandler handler = METRICS.equals(path) ? metrics : "/".equals(path) ? index : null;
    if (handler == null) {
      refuse(exchange, 404, "not found: the metrics are at " + METRICS);
    } else if (!"GET".equals(exchange.getRequestMethod())
        && !"HEAD".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      refuse(exchange, 405, exchange.getRequestMethod() + " is not allowed: GET or HEAD only");
    } else {
      handler.handle(exchange);
    }
  }

  /** The answer; a request body is left unread (the server drains a little, else hangs up). */
  private static void refuse(HttpExchange exchange, int status, String why) throws IOException {
    try (exchange) {
      byte[] body = (why + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
