package org.telemetrics.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One HTTP/1.1 request: its header lines and body (Content-Length or chunked). */
record RawHttpRequest(List<String> headerLines, byte[] body) {
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_BODY_BYTES = 1024 * 1024;

  String header(String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    for (String line : headerLines) {
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    return null;
  }

  /** The next request on the connection, or null at its end. */
  static RawHttpRequest read(InputStream in) throws IOException {
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return null;
    }
    List<String> headers = new ArrayList<>();
    int total = 0;
    for (String l; (l = line(in)) != null && !l.isEmpty(); ) {
      total += l.length();
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("header too large");
      }
      headers.add(l);
    }
    RawHttpRequest head = new RawHttpRequest(headers, new byte[0]);
    String length = head.header("Content-Length");
    if (length != null) {
      int n = Integer.parseInt(length);
      if (n > MAX_BODY_BYTES) {
        throw new IOException("body too large");
      }
      return new RawHttpRequest(headers, in.readNBytes(n));
    }
    if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int n; (n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
        body.writeBytes(in.readNBytes(n));
        line(in);
        if (body.size() > MAX_BODY_BYTES) {
          throw new IOException("body too large");
        }
      }
      while (!line(in).isEmpty()) {
        // trailers
      }
      return new RawHttpRequest(headers, body.toByteArray());
    }
    return head;
  }

  /** A CRLF-terminated line (ISO-8859-1), or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
      if (sb.length() > MAX_HEADER_BYTES) {
        throw new IOException("line too long");
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}
