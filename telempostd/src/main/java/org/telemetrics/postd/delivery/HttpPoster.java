package org.telemetrics.postd.delivery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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
  private final RecordRequests requests;
  private final OtlpExchange otlp; // null unless post_format is otlp
  private final Clock clock;

  public HttpPoster(PostdSettings s, Clock clock) throws IOException, GeneralSecurityException {
    this.url = s.server();
    this.format = s.format();
    this.requests = new RecordRequests(s);
    this.otlp = s.format() == HttpRecordFormat.Kind.OTLP ? new OtlpExchange(s.otlp()) : null;
    this.clock = clock;
    this.client = PosterClient.build(s);
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
      request = otlp == null ? requests.record(batch.get(0)) : requests.otlp(otlp, batch);
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

  /** What an answer comes to, for one format. */
  private interface Answer {
    Outcome of(Response response);
  }

  private Outcome post(Request request, Answer answer) {
    Call call = client.newCall(request);
    Response response;
    try {
      response = call.execute();
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      return noAnswer("cannot connect: " + message(e), true, AttemptOutcome.CONNECTION_ERROR);
    } catch (InterruptedIOException e) {
      return noAnswer("timeout: " + message(e), false, AttemptOutcome.TIMEOUT);
    } catch (SSLException e) {
      return noAnswer("TLS: " + message(e), true, AttemptOutcome.CONNECTION_ERROR);
    } catch (IOException e) { // e.g. the connection dropped before the whole answer came
      return noAnswer("I/O: " + message(e), false, AttemptOutcome.CONNECTION_ERROR);
    } catch (RuntimeException e) {
      // An answer OkHttp cannot take: a 503 whose Retry-After is a number beyond an int makes its
      // follow-up logic throw NumberFormatException. Retried as after a dropped connection; the
      // call is cancelled, which closes its connection instead of leaving it open.
      call.cancel();
      return noAnswer(
          "the answer could not be read (" + e.getClass().getSimpleName() + ": " + message(e) + ")",
          false,
          AttemptOutcome.CONNECTION_ERROR);
    }
    try {
      return answer.of(response);
    } finally {
      close(call, response);
    }
  }

  /**
   * Closes an answer. OkHttp throws IllegalArgumentException, not an IOException, when it cannot
   * skip the rest of a body of a negative Content-Length: the outcome read stands (a 2xx must not
   * be sent again), and the call is cancelled, which closes its connection instead of reusing it.
   */
  private static void close(Call call, Response response) {
    try {
      response.close();
    } catch (IllegalArgumentException e) {
      call.cancel();
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

  /**
   * The first bytes of an answer; none if they cannot be read (the status still counts). OkHttp
   * throws IllegalArgumentException, not an IOException, for a body of a negative Content-Length.
   */
  private static byte[] head(ResponseBody body, int bytes) {
    try {
      return body.byteStream().readNBytes(bytes);
    } catch (IOException | IllegalArgumentException e) {
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
