package org.telemetrics.collector;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link BlockingHttpServer} sends back for a request.
 *
 * @param status the status code
 * @param contentType the Content-Type, or null for none
 * @param headers further header lines ({@code Name: value}, without line ends)
 * @param body the body (not sent for HEAD, though its length is)
 * @param close whether the connection is closed after this answer
 */
record HttpAnswer(
    int status, String contentType, List<String> headers, byte[] body, boolean close) {

  static HttpAnswer of(int status, String contentType, byte[] body) {
    return new HttpAnswer(status, contentType, List.of(), body, false);
  }

  /** A JSON body with a line feed after it. */
  static HttpAnswer json(int status, String json) {
    return of(status, "application/json", (json + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static HttpAnswer text(int status, String text) {
    return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  HttpAnswer withHeader(String line) {
    List<String> more = new java.util.ArrayList<>(headers);
    more.add(line);
    return new HttpAnswer(status, contentType, List.copyOf(more), body, close);
  }

  HttpAnswer closing() {
    return new HttpAnswer(status, contentType, headers, body, true);
  }
}
