package org.telemetrics.collector;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as {@link BlockingHttpServer} read it.
 *
 * @param method the request method, as sent
 * @param path the decoded path of the request target, without its query
 * @param headers header names as sent, each with its values in arrival order
 * @param body the body (empty when there is none), or null when it is larger than the server's
 *     limit and was not read
 * @param keepAlive whether the client lets the connection stay open after the answer (HTTP/1.1
 *     unless it sends {@code Connection: close}; HTTP/1.0 only with {@code keep-alive})
 */
record HttpRequest(
    String method, String path, Map<String, List<String>> headers, byte[] body, boolean keepAlive) {

  /** The first value of a header, names compared without regard to case, or null. */
  String firstHeader(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  boolean isHead() {
    return method.equals("HEAD");
  }
}
