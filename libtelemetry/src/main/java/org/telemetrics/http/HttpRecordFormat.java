package org.telemetrics.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telemetrics.record.Header;
import org.telemetrics.record.TelemetryRecord;

/**
 * How a record travels to the backend over HTTP. Pure formatting: telempostd sends what this
 * produces, and {@code telemctl preview} prints it.
 *
 * <ul>
 *   <li>{@link Kind#HEADERS} (default): every field as the HTTP header the public
 *       telemetrics-backend collector expects ({@code Record-Format-Version}, …, {@code Event-Id}),
 *       the {@code tidheader} line, body = the payload, {@code Content-Type: application/text}.
 *   <li>{@link Kind#JSON}: the C client 2.4 body, one JSON object with the 15 fields and {@code
 *       payload}, all strings, without its bugs (values are not cut at the first space and no
 *       newline is added to the payload).
 * </ul>
 *
 * Both carry {@code X-Telemetry-Record-Id} so a backend can de-duplicate retries.
 */
public final class HttpRecordFormat {
  public static final String RECORD_ID_HEADER = "X-Telemetry-Record-Id";

  /**
   * The body formats of the {@code post_format} setting. {@code OTLP} requests carry several
   * records as OpenTelemetry logs; telempostd builds them itself ({@link #format} refuses it).
   */
  public enum Kind {
    HEADERS,
    JSON,
    OTLP;

    public static Kind parse(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** One HTTP header. */
  public record HttpHeader(String name, String value) {}

  /** Everything of a POST but the URL. */
  public record HttpForm(List<HttpHeader> headers, String contentType, byte[] body) {
    public HttpForm {
      headers = List.copyOf(headers);
    }
  }

  private HttpRecordFormat() {}

  public static HttpForm format(
      Kind kind, TelemetryRecord record, String recordId, String tidHeaderLine) {
    if (kind == Kind.OTLP) {
      throw new IllegalArgumentException(
          "an OTLP request holds several records: telempostd" + " builds it");
    }
    List<HttpHeader> headers = new ArrayList<>();
    parseHeaderLine(tidHeaderLine).ifPresent(headers::add);
    headers.add(new HttpHeader(RECORD_ID_HEADER, recordId));
    if (kind == Kind.JSON) {
      return new HttpForm(
          headers, "application/json", json(record).getBytes(StandardCharsets.UTF_8));
    }
    for (Header h : Header.values()) {
      headers.add(new HttpHeader(h.httpName(), headerValue(record.value(h))));
    }
    return new HttpForm(headers, "application/text", record.payloadBytes());
  }

  /**
   * Splits a raw header line such as {@code X-Telemetry-TID: 6907…} into name and value; an empty
   * line means no header.
   */
  public static Optional<HttpHeader> parseHeaderLine(String line) {
    if (line == null || line.isBlank()) {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("header line \"" + line + "\" has no name: value form");
    }
    return Optional.of(
        new HttpHeader(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
  }

  /** The {@code post_headers} setting: header lines separated by commas; empty means none. */
  public static List<HttpHeader> parseHeaderLines(String lines) {
    List<HttpHeader> headers = new ArrayList<>();
    if (lines == null || lines.isBlank()) {
      return headers;
    }
    for (String line : lines.split(",")) {
      parseHeaderLine(line).ifPresent(headers::add);
    }
    return List.copyOf(headers);
  }

  /** The C 2.4 JSON body, fixed: whole values, payload as recorded. */
  public static String json(TelemetryRecord record) {
    StringBuilder sb = new StringBuilder(1024).append('{');
    for (Header h : Header.values()) {
      appendString(sb, h.wireName()).append(':');
      appendString(sb, record.value(h)).append(',');
    }
    appendString(sb, "payload").append(':');
    appendString(sb, record.payload());
    return sb.append('}').toString();
  }

  /** HTTP header values must be visible ASCII or space; anything else becomes '?'. */
  static String headerValue(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  /** A JSON string; '/' is not escaped (as json-c's NOSLASHESCAPE). */
  static StringBuilder appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
