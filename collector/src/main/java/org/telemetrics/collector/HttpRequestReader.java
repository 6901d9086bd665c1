package org.telemetrics.collector;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
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
 * Reads HTTP/1.x requests from one connection: the head bounded to {@value #MAX_HEAD_BYTES} bytes
 * and {@value #MAX_HEADERS} header lines, a body by Content-Length or chunked, read only up to the
 * server's limit. Header bytes are taken as Latin-1, as the backend's WSGI stack takes them.
 */
final class HttpRequestReader {
  static final int MAX_HEAD_BYTES = 64 * 1024;
  static final int MAX_HEADERS = 200;

  private final InputStream in;
  private final OutputStream out;
  private final long maxBodyBytes;

  /**
   * Read ahead from {@code in}: lines are cut from it without a call per byte. One byte longer than
   * a head may be, so a line that fills it has passed the limit.
   */
  private final byte[] buf = new byte[MAX_HEAD_BYTES + 1];

  private int pos;
  private int limit;
  private int headBytes;

  /** {@code in} is the connection's stream; {@code out} takes the interim 100 Continue answer. */
  HttpRequestReader(InputStream in, OutputStream out, long maxBodyBytes) {
    this.in = in;
    this.out = out;
    this.maxBodyBytes = maxBodyBytes;
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
    headBytes = 0;
    String requestLine;
    do {
      requestLine = readLine(true);
      if (requestLine == null) {
        return null;
      }
    } while (requestLine.isEmpty()); // a stray line end between requests
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new BadRequest(400, "malformed request line");
    }
    if (!parts[2].startsWith("HTTP/1.")) {
      throw new BadRequest(505, "HTTP version not supported");
    }
    Map<String, List<String>> headers = readHeaders();
    String connection = "";
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase("Connection")) {
        connection = String.join(",", e.getValue()).toLowerCase(Locale.ROOT);
      }
    }
    boolean keepAlive =
        parts[2].equals("HTTP/1.0")
            ? connection.contains("keep-alive")
            : !connection.contains("close");
    HttpRequest head = new HttpRequest(parts[0], path(parts[1]), headers, new byte[0], keepAlive);
    byte[] body = readBody(head);
    return new HttpRequest(head.method(), head.path(), headers, body, keepAlive);
  }

  private Map<String, List<String>> readHeaders() throws IOException, BadRequest {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String name = null;
    int count = 0;
    for (String l = readLine(false); !l.isEmpty(); l = readLine(false)) {
      if (++count > MAX_HEADERS) {
        throw new BadRequest(431, "more than " + MAX_HEADERS + " header lines");
      }
      if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && name != null) {
        List<String> values = headers.get(name); // an obsolete folded continuation line
        values.set(values.size() - 1, values.get(values.size() - 1) + " " + l.strip());
        continue;
      }
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new BadRequest(400, "malformed header line");
      }
      name = l.substring(0, colon);
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(l.substring(colon + 1).strip());
    }
    return headers;
  }

  private static String path(String target) throws BadRequest {
    if (target.equals("*")) {
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
    String encoding = head.firstHeader("Transfer-Encoding");
    if (encoding != null) {
      if (!encoding.equalsIgnoreCase("chunked")) {
        throw new BadRequest(501, "Transfer-Encoding " + encoding + " is not supported");
      }
      continueIfExpected(head);
      return readChunked();
    }
    String declared = head.firstHeader("Content-Length");
    if (declared == null) {
      return new byte[0];
    }
    long length = parseLength(declared);
    if (length > maxBodyBytes) {
      return null;
    }
    continueIfExpected(head);
    return readExactly((int) length);
  }

  private static long parseLength(String declared) throws BadRequest {
    if (declared.isEmpty()
        || declared.length() > 18
        || !declared.chars().allMatch(Character::isDigit)) {
      throw new BadRequest(400, "malformed Content-Length");
    }
    return Long.parseLong(declared);
  }

  /** Chunks up to the limit; null past it. */
  private byte[] readChunked() throws IOException, BadRequest {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int semi = sizeLine.indexOf(';');
      String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
      long size;
      try {
        size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new BadRequest(400, "malformed chunk size");
      }
      if (size == 0) {
        while (!readLine(false).isEmpty()) {
          // trailer fields: not used
        }
        return body.toByteArray();
      }
      if (body.size() + size > maxBodyBytes) {
        return null;
      }
      byte[] chunk = readExactly((int) size);
      body.write(chunk, 0, chunk.length);
      if (!readLine(false).isEmpty()) {
        throw new BadRequest(400, "malformed chunk end");
      }
    }
  }

  private void continueIfExpected(HttpRequest head) throws IOException {
    String expect = head.firstHeader("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  /**
   * One line without its CR LF, as Latin-1, counted against the head's limit (chunk lines too);
   * null only when {@code atStart} and the stream ends before any byte.
   */
  private String readLine(boolean atStart) throws IOException, BadRequest {
    int scanned = 0; // bytes of this line before pos + scanned
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          count(i + 1 - pos - scanned);
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      count(limit - pos - scanned);
      scanned = limit - pos;
      if (!fill()) {
        if (atStart && scanned == 0) {
          return null;
        }
        throw new EOFException("connection closed within a request head");
      }
    }
  }

  private void count(int bytes) throws BadRequest {
    headBytes += bytes;
    if (headBytes > MAX_HEAD_BYTES) {
      throw new BadRequest(431, "request head larger than " + MAX_HEAD_BYTES + " bytes");
    }
  }

  /** Reads more after what is buffered (moving a partial line to the front); false at the end. */
  private boolean fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      return true; // full of one line: the head's limit, checked by count, ends it
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  /** The next {@code n} bytes: those buffered, then from the stream. */
  private byte[] readExactly(int n) throws IOException {
    byte[] out = new byte[n];
    int have = Math.min(n, limit - pos);
    System.arraycopy(buf, pos, out, 0, have);
    pos += have;
    if (in.readNBytes(out, have, n - have) < n - have) {
      throw new EOFException("connection closed within a request body");
    }
    return out;
  }
}
