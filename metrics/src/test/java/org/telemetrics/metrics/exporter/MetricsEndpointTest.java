package org.telemetrics.metrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ListenAddress;
import org.telemetrics.metrics.MetricsFormat;
import org.telemetrics.metrics.PersistedMetrics;
import org.telemetrics.metrics.TestSources;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.LatencyHistogram;
import org.telemetrics.status.StatusFile;

/** The endpoint answers from the persisted counters: no daemon runs in these tests. */
@Timeout(60)
class MetricsEndpointTest {
  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @Test
  void scrapesAnswerWhileTheDaemonsAreStoppedAndFollowTheFiles() throws Exception {
    Path postd = tmp.resolve("telempostd.status");
    StatusFile.write(postd, DaemonStatus.empty().with("delivered_total", 5));
    PersistedMetrics source = TestSources.persisted(tmp);
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            new ListenAddress(InetAddress.getLoopbackAddress(), 0), source, warnings::add)) {
      URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
      HttpResponse<String> om =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(om.statusCode()).isEqualTo(200);
      assertThat(om.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("application/openmetrics-text");
      assertThat(om.body())
          .contains(
              "telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 5.0")
          .endsWith("# EOF\n");

      // a later run of the daemon (now exited again) added to the totals
      StatusFile.write(postd, DaemonStatus.empty().with("delivered_total", 8));
      HttpResponse<String> text =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(text.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .contains("version=0.0.4");
      assertThat(text.body())
          .contains(
              "telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 8.0");
    }
  }

  @Test
  void onlyGetAndHeadOfTheMetricsAndTheIndexAreAnswered() throws Exception {
    try (MetricsEndpoint endpoint = start(warnings::add)) {
      assertThat(request(endpoint, "GET", "/metrics").statusCode()).isEqualTo(200);
      assertThat(request(endpoint, "HEAD", "/metrics").statusCode()).isEqualTo(200);
      HttpResponse<String> index = request(endpoint, "GET", "/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("/metrics");

      for (String path : List.of("/nothing", "/metricsfoo", "/metrics/", "/metrics/x")) {
        HttpResponse<String> r = request(endpoint, "GET", path);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found: the metrics are at /metrics\n");
      }
      for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
        HttpResponse<String> r = request(endpoint, method, "/metrics");
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(request(endpoint, method, "/").statusCode()).as(method).isEqualTo(405);
      }
      // the connection a refusal was answered on still serves
      assertThat(request(endpoint, "GET", "/metrics").statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> request(MetricsEndpoint endpoint, String method, String path)
      throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + path);
    HttpRequest.BodyPublisher body =
        method.equals("POST") || method.equals("PUT")
            ? HttpRequest.BodyPublishers.ofString("x=1")
            : HttpRequest.BodyPublishers.noBody();
    return http.send(
        HttpRequest.newBuilder(uri).method(method, body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private MetricsEndpoint start(java.util.function.Consumer<String> warn) throws Exception {
    return MetricsEndpoint.start(
        new ListenAddress(InetAddress.getLoopbackAddress(), 0), TestSources.persisted(tmp), warn);
  }

  private HttpResponse<String> scrape(MetricsEndpoint endpoint, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> scrapeWithin(MetricsEndpoint endpoint, Duration timeout)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
            .timeout(timeout)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void persistDeliveries() throws Exception {
    LatencyHistogram h = new LatencyHistogram("delivery_seconds", LatencyHistogram.DELIVERY_BOUNDS);
    h.observeNanos(70_000_000L);
    h.observeNanos(2_000_000_000L);
    Map<String, Long> counts = new LinkedHashMap<>(h.counts());
    counts.put("delivered", 2L);
    StatusFile.write(
        tmp.resolve("telempostd.status"),
        CounterTotals.load(tmp.resolve("telempostd.status"), 1_770_000_000_000L, w -> {})
            .addTo(DaemonStatus.empty(), counts));
  }

  @Test
  void openMetricsIsServedWhenTheScraperAsksForIt() throws Exception {
    persistDeliveries();
    try (MetricsEndpoint endpoint = start(warnings::add)) {
      HttpResponse<String> r = scrape(endpoint, "application/openmetrics-text;version=1.0.0");

      assertThat(r.headers().firstValue("Content-Type"))
          .get()
          .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(r.body())
          .contains("# TYPE telemetrics_delivery_latency_seconds histogram\n")
          .contains("# UNIT telemetrics_delivery_latency_seconds seconds\n")
          .contains(
              "telemetrics_delivery_latency_seconds_bucket{daemon=\"telempostd\",le=\"0.1\"} 1\n")
          .contains(
              "telemetrics_delivery_latency_seconds_bucket{daemon=\"telempostd\",le=\"+Inf\"} 2\n")
          .contains("telemetrics_delivery_latency_seconds_count{daemon=\"telempostd\"} 2\n")
          .contains("telemetrics_delivery_latency_seconds_sum{daemon=\"telempostd\"} 2.07\n")
          .contains(
              "telemetrics_delivery_latency_seconds_created{daemon=\"telempostd\"} 1770000000.000\n")
          .contains(
              "telemetrics_records_delivered_created{classification=\"other\",daemon=\"telempostd\"} 1770000000.000\n")
          .endsWith("# EOF\n");
    }
  }

  @Test
  void prometheusTextIsServedToPlainScrapers() throws Exception {
    persistDeliveries();
    try (MetricsEndpoint endpoint = start(warnings::add)) {
      HttpResponse<String> r = scrape(endpoint, "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

      assertThat(r.headers().firstValue("Content-Type"))
          .get()
          .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.body())
          .contains("# TYPE telemetrics_delivery_latency_seconds histogram\n")
          .contains(
              "telemetrics_delivery_latency_seconds_bucket{daemon=\"telempostd\",le=\"+Inf\"} 2\n")
          .contains("telemetrics_delivery_latency_seconds_count{daemon=\"telempostd\"} 2\n")
          // client_java writes when a series began as a gauge of its own in this format
          .contains("# TYPE telemetrics_delivery_latency_seconds_created gauge\n")
          .doesNotContain("# EOF")
          .doesNotContain("# UNIT");
      assertThat(r.body())
          .isEqualTo(
              MetricsFormat.PROMETHEUS.render(
                  TestSources.persisted(tmp).readOrThrow(), Map.of())); // as telemctl prints it
    }
  }

  @Test
  void aDamagedStatusFileIsServedAroundAndWarnedAboutOnce() throws Exception {
    persistDeliveries();
    Path probd = Files.writeString(tmp.resolve("telemprobd.status"), "garbage\n");
    ThrottledWarnings throttled =
        new ThrottledWarnings(TestSources.CLOCK, Duration.ofHours(1), warnings::add);
    try (MetricsEndpoint endpoint = start(throttled::warn)) {
      HttpResponse<String> first = scrape(endpoint, null);
      HttpResponse<String> second = scrape(endpoint, null);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.body())
          .contains("telemetrics_status_file_readable{daemon=\"telemprobd\"} 0.0\n")
          .contains("telemetrics_status_file_readable{daemon=\"telempostd\"} 1.0\n")
          .contains(
              "telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 2.0\n")
          .doesNotContain("telemetrics_records_received_total");
      assertThat(warnings).singleElement().asString().startsWith(probd.toString());
    }
  }

  @Test
  void clientsThatSendHalfARequestAreClosedInTimeAndScrapesGoOn() throws Exception {
    persistDeliveries();
    List<Socket> slow = new ArrayList<>();
    try (MetricsEndpoint endpoint = start(warnings::add)) {
      for (int i = 0; i < MetricsEndpoint.MAX_SCRAPE_THREADS + 4; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
        slow.add(s);
        s.getOutputStream()
            .write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      long start = System.nanoTime();

      await()
          .atMost(Duration.ofSeconds(MetricsEndpoint.CLIENT_SECONDS + 10))
          .ignoreExceptions()
          .until(() -> scrapeWithin(endpoint, Duration.ofSeconds(3)).statusCode() == 200);
      for (Socket s : slow) {
        s.setSoTimeout(15_000);
        assertThat(readToEnd(s)).as("a half request is answered by a close").isEmpty();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofSeconds(MetricsEndpoint.CLIENT_SECONDS + 10));
      assertThat(scrapeWithin(endpoint, Duration.ofSeconds(3)).statusCode()).isEqualTo(200);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  /** What the server sent before it closed the connection. */
  private static String readToEnd(Socket s) throws IOException {
    try {
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketException e) { // reset: closed with our bytes unread
      return "";
    }
  }

  @Test
  void aPortInUseIsOneLineNamingTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path conf =
          Files.writeString(
              tmp.resolve("telemetrics.conf"),
              "[settings]\nmetrics_listen=127.0.0.1:" + taken.getLocalPort() + "\n");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          TelemetricsMetrics.run(
              new String[] {"-f", conf.toString()},
              new PrintStream(new ByteArrayOutputStream()),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              new CountDownLatch(0));
      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8).strip())
          .startsWith(
              "telemetrics-metrics: error: cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (metrics_listen): ")
          .doesNotContain("\n");
    }
  }

  @Test
  void aBadListenAddressIsAConfigurationErrorNamingTheKey() throws Exception {
    Path conf =
        Files.writeString(
            tmp.resolve("telemetrics.conf"), "[settings]\nmetrics_listen=example.org:9839\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TelemetricsMetrics.run(
            new String[] {"-f", conf.toString()},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new CountDownLatch(0));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(conf.toString())
        .contains("metrics_listen")
        .contains("not an IP address or localhost");
  }
}
