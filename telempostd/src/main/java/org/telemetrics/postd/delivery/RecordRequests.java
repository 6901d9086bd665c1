package org.telemetrics.postd.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.postd.otlp.OtlpExchange;
import org.telemetrics.spool.SpoolEntry;

/**
 * Builds the HTTP request for a record ({@code post_format} headers or json) or a batch of records
 * (otlp): the server's URL, User-Agent, the format's headers and body, then {@code post_headers}.
 * What every request shares is parsed once; a request OkHttp refuses (a bad URL or header) throws
 * {@link RuntimeException} on every attempt, as before anything was kept.
 */
final class RecordRequests {
  private final String url;
  private final HttpRecordFormat.Kind format;
  private final String tidHeader;
  private final List<HttpRecordFormat.HttpHeader> extraHeaders;

  /** The server's URL as OkHttp parsed it, on first use (a parse per request costs as much). */
  private volatile HttpUrl parsedUrl;

  /** Content types as parsed, by their text: the formats have a few. */
  private final Map<String, MediaType> mediaTypes = new ConcurrentHashMap<>();

  RecordRequests(PostdSettings s) {
    this.url = s.server();
    this.format = s.format();
    this.tidHeader = s.tidHeader();
    this.extraHeaders = s.postHeaders();
  }

  /** The request carrying one record. */
  Request record(SpoolEntry entry) {
    HttpRecordFormat.HttpForm form =
        HttpRecordFormat.format(format, entry.record(), entry.recordId(), tidHeader);
    Request.Builder rb =
        new Request.Builder()
            .url(serverUrl())
            .header("User-Agent", HttpPoster.USER_AGENT)
            .post(RequestBody.create(form.body(), mediaType(form.contentType())));
    for (HttpRecordFormat.HttpHeader h : form.headers()) {
      rb.addHeader(h.name(), h.value());
    }
    return withExtraHeaders(rb);
  }

  /** The OTLP request carrying a batch of records. */
  Request otlp(OtlpExchange exchange, List<SpoolEntry> batch) {
    OtlpExchange.Body body = exchange.body(batch);
    Request.Builder rb =
        new Request.Builder()
            .url(serverUrl())
            .header("User-Agent", HttpPoster.USER_AGENT)
            .post(RequestBody.create(body.bytes(), mediaType(body.contentType())));
    body.contentEncoding().ifPresent(e -> rb.header("Content-Encoding", e));
    HttpRecordFormat.parseHeaderLine(tidHeader).ifPresent(h -> rb.addHeader(h.name(), h.value()));
    return withExtraHeaders(rb);
  }

  private Request withExtraHeaders(Request.Builder rb) {
    for (HttpRecordFormat.HttpHeader h : extraHeaders) {
      rb.addHeader(h.name(), h.value());
    }
    return rb.build();
  }

  /**
   * The server URL as {@link Request.Builder#url(String)} takes it; one it refuses throws here, for
   * every request, as before it was kept.
   */
  private HttpUrl serverUrl() {
    HttpUrl u = parsedUrl;
    if (u == null) {
      u = new Request.Builder().url(url).build().url();
      parsedUrl = u;
    }
    return u;
  }

  private MediaType mediaType(String contentType) {
    return mediaTypes.computeIfAbsent(contentType, MediaType::get);
  }
}
