package org.telemetrics.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes an {@link HttpAnswer} as HTTP/1.1: status line, headers and body in one write. */
final class HttpAnswerWriter {
  private HttpAnswerWriter() {}

  /** The answer, without its body for a HEAD request (its length is still sent). */
  static void write(OutputStream out, HttpAnswer a, boolean head) throws IOException {
    StringBuilder h = new StringBuilder(160);
    h.append("HTTP/1.1 ").append(a.status()).append(' ').append(reason(a.status())).append("\r\n");
    if (a.contentType() != null) {
      h.append("Content-Type: ").append(a.contentType()).append("\r\n");
    }
    h.append("Content-Length: ").append(a.body().length).append("\r\n");
    for (String line : a.headers()) {
      h.append(line).append("\r\n");
    }
    if (a.close()) {
      h.append("Connection: close\r\n");
    }
    h.append("\r\n");
    byte[] headBytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream all =
        new ByteArrayOutputStream(headBytes.length + (head ? 0 : a.body().length));
    all.write(headBytes, 0, headBytes.length);
    if (!head) {
      all.write(a.body(), 0, a.body().length);
    }
    all.writeTo(out);
    out.flush();
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 302 -> "Found";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status";
    };
  }
}
