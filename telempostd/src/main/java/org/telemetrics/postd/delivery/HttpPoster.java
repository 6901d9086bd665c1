package org.telemetrics.postd.delivery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.telemetrics.Version;
import org.telemetrics.http.HttpRecordFormat;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.postd.otlp.OtlpExchange;
import org.telemetrics.spool.SpoolEntry;

/**
 * Posts records with one shared OkHttp client (connections are reused), never follows redirects,
 * verifies TLS, and turns every result into an {@link Outcome}: one record per request for {@code
 * post_format} headers and json, a batch of records per request for otlp ({@link OtlpExchange}).
 */
public final class HttpPoster implements AutoCloseable {
  public static final String USER_AGENT = "telempostd/" + Version.number();
  private static final int REASON_CHARS = 200;

  private final OkHttpClient client;
  private final String url;
  private final HttpRecordFormat.Kind format;
  private final String tidHeader;
  private final List<HttpRecordFormat.HttpHeader> extraHeaders;
  private final OtlpExchange otlp; // null unless post_format is otlp
  private final Clock clock;

  /** The server's URL as OkHttp parsed it, on first use (a parse per request costs as much). */
  private volatile HttpUrl parsedUrl;

  /** Content types as parsed, by their text: the formats have a few. */
  private final Map<String, MediaType> mediaTypes = new ConcurrentHashMap<>();

  public HttpPoster(PostdSettings s, Clock clock) throws IOException, GeneralSecurityException {
    this.url = s.server();
    this.format = s.format();
    this.tidHeader = s.tidHeader();
    this.extraHeaders = s.postHeaders();
    this.otlp = s.format() == HttpRecordFormat.Kind.OTLP ? new OtlpExchange(s.otlp()) : null;
    this.clock = clock;
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(s.parallelism());
    dispatcher.setMaxRequestsPerHost(s.parallelism());
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(s.parallelism(), 1, TimeUnit.MINUTES))
            .connectTimeout(s.connectTimeout())
            .readTimeout(s.readTimeout())
            .writeTimeout(s.readTimeout())
            .callTimeout(s.callTimeout())
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false);
    if (s.proxy().isPresent()) {
      b.proxy(
          new Proxy(
              Proxy.Type.HTTP,
              new InetSocketAddress(s.proxy().get().getHost(), s.proxy().get().getPort())));
    } else {
      b.proxy(Proxy.NO_PROXY);
    }
    if (url.startsWith("https:") || s.clientCert().isPresent() || s.caInfo().isPresent()) {
      TlsSetup.Tls tls = TlsSetup.create(s.caInfo(), s.clientCert(), s.clientKey());
      b.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
    }
    this.client = b.build();
  }

  /**
   * Posts one record; never throws for network or server trouble. A request that cannot be built (a
   * server URL or header the HTTP client refuses) is an outage: it pauses sending like a server
   * that cannot be reached, until the configuration is fixed.
   */
  public Outcome post(SpoolEntry entry) {
    return post(List.of(entry));
  }

  /**
   * Posts a batch: all its records in one OTLP request, or (other formats) its one record. The
   * outcome is the same for every record of the batch.
   */
  public Outcome post(List<SpoolEntry> batch) {
    if (otlp == null && batch.size() != 1) {
      throw new IllegalArgumentException(
          "post_format " + format + " sends one record per" + " request, not " + batch.size());
    }
    Request request;
    try {
      request = otlp == null ? request(batch.get(0)) : otlpRequest(batch);
    } catch (RuntimeException e) {
      return new Outcome.Transient(
          "cannot build the request to " + LogText.escape(url) + ": " + message(e),
          true,
          Optional.empty());
    }
    if (otlp == null) {
      return post(
          request,
          response ->
              classify(
                  response.code(),
                  head(response.body(), REASON_CHARS),
                  response.header("Retry-After"),
                  clock.instant()));
    }
    return post(
        request,
        response ->
            otlp.classify(
                response.code(),
                response.header("Content-Type"),
                head(response.body(), OtlpExchange.ANSWER_BYTES),
                response.header("Retry-After"),
                clock.instant(),
                batch.size()));
  }

  private Request otlpRequest(List<SpoolEntry> batch) {
    OtlpExchange.Body body = otlp.body(batch);
    Request.Builder rb =
        new Request.Builder()
            .url(serverUrl())
            .header("User-Agent", USER_AGENT)
            .post(RequestBody.create(body.bytes(), mediaType(body.contentType())));
    body.contentEncoding().ifPresent(e -> rb.header("Content-Encoding", e));
    HttpRecordFormat.parseHeaderLine(tidHeader).ifPresent(h -> rb.addHeader(h.name(), h.value()));
    for (HttpRecordFormat.HttpHeader h : extraHeaders) {
      rb.addHeader(h.name(), h.value());
    }
    return rb.build();
  }

  private Request request(SpoolEntry entry) {
    HttpRecordFormat.HttpForm form =
        HttpRecordFormat.format(format, entry.record(), entry.recordId(), tidHeader);
    Request.Builder rb =
        new Request.Builder()
            .url(serverUrl())
            .header("User-Agent", USER_AGENT)
            .post(RequestBody.create(form.body(), mediaType(form.contentType())));
    for (HttpRecordFormat.HttpHeader h : form.headers()) {
      rb.addHeader(h.name(), h.value());
    }
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

  /** What an answer comes to, for one format. */
  private interface Answer {
    Outcome of(Response response);
  }

  private Outcome post(Request request, Answer answer) {
    try (Response response = client.newCall(request).execute()) {
      return answer.of(response);
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      return noAnswer("cannot connect: " + message(e), true, AttemptOutcome.CONNECTION_ERROR);
    } catch (InterruptedIOException e) {
      return noAnswer("timeout: " + message(e), false, AttemptOutcome.TIMEOUT);
    } catch (SSLException e) {
      return noAnswer("TLS: " + message(e), true, AttemptOutcome.CONNECTION_ERROR);
    } catch (IOException e) { // e.g. the connection dropped before the whole answer came
      return noAnswer("I/O: " + message(e), false, AttemptOutcome.CONNECTION_ERROR);
    }
  }

  private static Outcome.Transient noAnswer(
      String reason, boolean serverDown, AttemptOutcome attempt) {
    return new Outcome.Transient(reason, serverDown, Optional.empty(), attempt, 0);
  }

  /**
   * What a reply comes to, from its status, the first bytes of its body and its Retry-After header
   * (null when absent). The body goes to the log escaped (servers' bytes are not trusted).
   */
  static Outcome classify(int code, byte[] bodyHead, String retryAfter, Instant now) {
    if (code >= 200 && code < 300) {
      return new Outcome.Delivered(code);
    }
    int n = Math.min(bodyHead.length, REASON_CHARS);
    String reason = LogText.escape(new String(bodyHead, 0, n, StandardCharsets.ISO_8859_1)).strip();
    return Outcome.ofStatus(code, reason, RetryAfter.parse(retryAfter, now));
  }

  /** The first bytes of an answer; none if they cannot be read (the status still counts). */
  private static byte[] head(ResponseBody body, int bytes) {
    try {
      return body.byteStream().readNBytes(bytes);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** The exception's message made safe for a log line (servers' bytes are not trusted). */
  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : LogText.escape(e.getMessage());
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
