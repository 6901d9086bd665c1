package org.telemetrics.metrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ListenAddress;
import org.telemetrics.metrics.PersistedMetrics;
import org.telemetrics.metrics.TestSources;
import org.telemetrics.status.DaemonStatus;
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
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(
        new ListenAddress(InetAddress.getLoopbackAddress(), 0), source, warnings::add)) {
      URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
      HttpResponse<String> om = http.send(HttpRequest.newBuilder(uri).header("Accept",
          "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(om.statusCode()).isEqualTo(200);
      assertThat(om.headers().firstValue("Content-Type")).get().asString()
          .startsWith("application/openmetrics-text");
      assertThat(om.body())
          .contains("telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 5.0")
          .endsWith("# EOF\n");

      // a later run of the daemon (now exited again) added to the totals
      StatusFile.write(postd, DaemonStatus.empty().with("delivered_total", 8));
      HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(text.headers().firstValue("Content-Type")).get().asString()
          .contains("version=0.0.4");
      assertThat(text.body())
          .contains("telemetrics_records_delivered_total{classification=\"other\",daemon=\"telempostd\"} 8.0");
    }
  }

  @Test
  void aPortInUseIsOneLineNamingTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path conf = Files.writeString(tmp.resolve("telemetrics.conf"),
          "[settings]\nmetrics_listen=127.0.0.1:" + taken.getLocalPort() + "\n");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = TelemetricsMetrics.run(new String[] {"-f", conf.toString()},
          new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
              StandardCharsets.UTF_8), new CountDownLatch(0));
      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8).strip())
          .startsWith("telemetrics-metrics: cannot listen on 127.0.0.1:" + taken.getLocalPort()
              + " (metrics_listen): ")
          .doesNotContain("\n");
    }
  }

  @Test
  void aBadListenAddressIsAConfigurationErrorNamingTheKey() throws Exception {
    Path conf = Files.writeString(tmp.resolve("telemetrics.conf"),
        "[settings]\nmetrics_listen=example.org:9839\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TelemetricsMetrics.run(new String[] {"-f", conf.toString()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
            StandardCharsets.UTF_8), new CountDownLatch(0));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(conf.toString())
        .contains("metrics_listen").contains("not an IP address or localhost");
  }
}
