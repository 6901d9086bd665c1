package org.telemetrics.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.x requests from one connection: the head bounded to {@value
 * HttpConnectionInput#MAX_LINE_BYTES} bytes and {@value #MAX_HEADERS} header lines, a body by
 * Content-Length or chunked, read only up to the server's limit. Header bytes are taken as Latin-1,
 * as the backend's WSGI stack takes them. What could frame a body two ways (Content-Length with
 * Transfer-Encoding, differing lengths, a folded or space-padded header name) is refused.
 */
final class HttpRequestReader {
  static final int MAX_HEAD_BYTES = HttpConnectionInput.MAX_LINE_BYTES;
  static final int MAX_HEADERS = 200;

  /** More digits than this is past any limit (and past a long). */
  private static final int MAX_LENGTH_DIGITS = 18;

  private final HttpConnectionInput input;
  private final OutputStream out;
  private final long maxBodyBytes;

  /** {@code in} is the connection's stream; {@code out} takes the interim 100 Continue answer. */
  HttpRequestReader(InputStream in, OutputStream out, long maxBodyBytes) {
    this.input = new HttpConnectionInput(in);
    this.out = out;
    this.maxBodyBytes = Math.min(maxBodyBytes, Integer.MAX_VALUE - 8); // a body is one array
  }

  /** A request the server answers with an error before closing the connection. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** The next request, or null when the client closed the connection between requests. */
  HttpRequest read() throws IOException, BadRequest {
    input.startRequest();
    String requestLine;
    do {
      requestLine = input.readLine(true);
      if (requestLine == null) {
        return null;
      }
    } while (requestLine.isEmpty()); // a stray line end between requests
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !HttpSyntax.isToken(parts[0]) || parts[1].isEmpty()) {
      throw new BadRequest(400, "malformed request line");
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw new BadRequest(505, "HTTP version not supported");
    }
    String path = path(parts[1]);
    Map<String, List<String>> headers = readHeaders();
    String connection = String.join(",", values(headers, "Connection")).toLowerCase(Locale.ROOT);
    boolean keepAlive =
        parts[2].equals("HTTP/1.0")
            ? connection.contains("keep-alive")
            : !connection.contains("close");
    HttpRequest head = new HttpRequest(parts[0], path, headers, new byte[0], keepAlive);
    byte[] body = readBody(head);
    return new HttpRequest(parts[0], path, headers, body, keepAlive);
  }

  private Map<String, List<String>> readHeaders() throws IOException, BadRequest {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int count = 0;
    for (String l = input.readLine(false); !l.isEmpty(); l = input.readLine(false)) {
      if (++count > MAX_HEADERS) {
        throw new BadRequest(431, "more than " + MAX_HEADERS + " header lines");
      }
      if (l.charAt(0) == ' ' || l.charAt(0) == '\t') {
        throw new BadRequest(400, "folded header line (obsolete line folding is not accepted)");
      }
      int colon = l.indexOf(':');
      if (colon < 0 || !HttpSyntax.isToken(l.substring(0, colon))) {
        throw new BadRequest(400, "malformed header line");
      }
      String name = l.substring(0, colon);
      String value = l.substring(colon + 1).strip();
      if (!HttpSyntax.isFieldValue(value)) {
        throw new BadRequest(400, "control character in header " + name);
      }
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
    return headers;
  }

  private static List<String> values(Map<String, List<String>> headers, String name) {
    List<String> all = new ArrayList<>(1);
    headers.forEach(
        (k, v) -> {
          if (k.equalsIgnoreCase(name)) {
            all.addAll(v);
          }
        });
    return all;
  }

  private static String path(String target) throws BadRequest {
    if (target.equals("*") || HttpSyntax.isPlainPath(target)) {
      return target;
    }
    try {
      String path = new URI(target).getPath();
      return path == null || path.isEmpty() ? "/" : path;
    } catch (URISyntaxException e) {
      throw new BadRequest(400, "malformed request target");
    }
  }

  /** The body, or null when it passes the limit (then not read, or read only in part). */
  private byte[] readBody(HttpRequest head) throws IOException, BadRequest {
    List<String> encodings = values(head.headers(), "Transfer-Encoding");
    List<String> lengths = values(head.headers(), "Content-Length");
    if (!encodings.isEmpty()) {
      if (!lengths.isEmpty()) {
        throw new BadRequest(400, "both Content-Length and Transfer-Encoding");
      }
      String encoding = String.join(", ", encodings);
      if (!encoding.equalsIgnoreCase("chunked")) {
        throw new BadRequest(501, "Transfer-Encoding " + encoding + " is not supported");
      }
      continueIfExpected(head);
      return ChunkedBodyDecoder.decode(input, maxBodyBytes);
    }
    if (lengths.isEmpty()) {
      return new byte[0];
    }
    long length = contentLength(lengths);
    if (length > maxBodyBytes) {
      return null;
    }
    continueIfExpected(head);
    return input.readExactly((int) length);
  }

  /** The one length all Content-Length values (and list members) give; past a long is MAX_VALUE. */
  private static long contentLength(List<String> values) throws BadRequest {
    String digits = null;
    for (String value : values) {
      for (String member : value.split(",", -1)) {
        String d = member.strip();
        if (!HttpSyntax.isDigits(d)) {
          throw new BadRequest(400, "malformed Content-Length");
        }
        int zeros = 0;
        while (zeros < d.length() - 1 && d.charAt(zeros) == '0') {
          zeros++;
        }
        d = d.substring(zeros);
        if (digits != null && !digits.equals(d)) {
          throw new BadRequest(400, "conflicting Content-Length values");
        }
        digits = d;
      }
    }
    return digits.length() > MAX_LENGTH_DIGITS ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private void continueIfExpected(HttpRequest head) throws IOException {
    String expect = head.firstHeader("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }
}
