package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * A real Prometheus scrapes a real telemetrics-metrics while records flow through real telemprobd
 * (socket-activated by systemd-socket-activate) and telempostd processes to a loopback backend, in
 * two lives of the daemons: Prometheus's query API reads back exactly the number of records the
 * backend received; after both daemons exit for being idle, the scrapes go on succeeding, and no
 * counter goes down, neither then nor when the daemons start again; promtool finds no problem in a
 * live scrape; and every expression of the alerting rules and of the Grafana dashboard in
 * packaging/monitoring runs without error.
 *
 * <p>Skipped, loudly, where Prometheus is not installed (scripts/install-deps.sh installs it),
 * except in CI (the CI environment variable set), where a missing server fails the test.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class PrometheusAcceptanceTest {
  /** Records sent in each life of the daemons. */
  static final int RECORDS = 20;

  /** Lives: the second shows the counters going on from where the first left them. */
  static final int LIVES = 2;

  static final String EXPORTER = "org.telemetrics.metrics.exporter.TelemetricsMetrics";
  static final String JOB = "{job=\"" + PrometheusServer.JOB + "\"}";
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void prometheusSeesWhatTheBackendReceivedAndKeepsScrapingAfterTheDaemonsExit() throws Exception {
    Path prometheus = required("prometheus", "prometheus");
    Path promtool = required("promtool", "prometheus");
    Path activate = required("systemd-socket-activate", "systemd");
    Path monitoring =
        Path.of(System.getProperty("telemetrics.monitoring.dir", "../packaging/monitoring"))
            .toAbsolutePath()
            .normalize();
    Ledger ledger = new Ledger();
    int metricsPort = PrometheusServer.freePort();
    try (FaultyBackend backend = new FaultyBackend(ledger)) {
      TestRoot root =
          Daemons.root(dir.resolve("root"), backend.url())
              .set("daemon_recycling_enabled", "true")
              .set("probd_idle_exit_seconds", "2")
              .set("postd_idle_exit_time", "2")
              // the first probe waits for telemprobd's JVM to start on its connection
              .set("probe_ack_timeout_ms", "30000")
              .set("metrics_listen", "127.0.0.1:" + metricsPort);
      Files.createDirectories(dir.resolve("prometheus"));
      try (Daemons daemons = Daemons.of(root);
          JavaProcess exporter =
              JavaProcess.start(
                  EXPORTER, List.of(), root.env(), dir.resolve("telemetrics-metrics.out"));
          PrometheusServer prom =
              startPrometheus(
                  prometheus,
                  dir.resolve("prometheus"),
                  exporter,
                  metricsPort,
                  monitoring.resolve("telemetrics-alerts.yml"))) {
        long scrapedFrom = System.currentTimeMillis();
        awaitAsserted(
            "the first scrape", prom, () -> assertThat(prom.value("up" + JOB)).isEqualTo(1));

        int sent = 0;
        for (int life = 1; life <= LIVES; life++) {
          sent += oneLifeOfBothDaemons(activate, daemons, ledger, sent, life);
          long exitedAt = System.currentTimeMillis();
          Ledger.Tally tally = ledger.tally();
          long backendReceived = tally.received() + tally.duplicates();
          assertThat(backendReceived).as(tally.toString()).isEqualTo(sent);

          awaitAsserted(
              "3 scrapes after both daemons exited",
              prom,
              () ->
                  assertThat(prom.value("count_over_time(up" + JOB + since(exitedAt) + ")"))
                      .isGreaterThanOrEqualTo(3));
          awaitAsserted(
              "the last counts scraped",
              prom,
              () ->
                  assertThat(prom.value("sum(telemetrics_records_delivered_total" + JOB + ")"))
                      .as(
                          "telemetrics_records_delivered_total, the backend received "
                              + backendReceived)
                      .isEqualTo(backendReceived));
          assertThat(prom.value("sum(telemetrics_records_accepted_total" + JOB + ")"))
              .isEqualTo(sent);
          assertThat(prom.value("sum(telemetrics_records_received_total" + JOB + ")"))
              .isEqualTo(sent);
          // every record went at its first attempt, and its latency was observed once
          assertThat(
                  prom.value(
                      "sum(telemetrics_delivery_attempts_total{job=\""
                          + PrometheusServer.JOB
                          + "\",outcome=\"2xx\"})"))
              .isEqualTo(backendReceived);
          assertThat(prom.value("sum(telemetrics_delivery_latency_seconds_count" + JOB + ")"))
              .isEqualTo(backendReceived);
          assertThat(
                  prom.value("sum(telemetrics_staging_commit_duration_seconds_count" + JOB + ")"))
              .isEqualTo(prom.value("sum(telemetrics_staging_commits_total" + JOB + ")"))
              .isPositive();
          assertThat(prom.value("min_over_time(up" + JOB + since(exitedAt) + ")"))
              .as(
                  () ->
                      "every scrape after the daemons exited succeeded; "
                          + slowestScrape(prom, scrapedFrom))
              .isEqualTo(1);
        }
        assertThat(prom.value("min_over_time(up" + JOB + since(scrapedFrom) + ")"))
            .as(() -> "every scrape of the run succeeded; " + slowestScrape(prom, scrapedFrom))
            .isEqualTo(1);
        System.out.println("prometheus acceptance: " + slowestScrape(prom, scrapedFrom));
        assertNoCounterWentDown(prom, scrapedFrom);

        assertPromtoolFindsNoProblem(promtool, metricsPort);
        awaitAsserted(
            "every rule evaluated",
            prom,
            () -> MonitoringExpressions.assertEveryRuleEvaluated(prom));
        MonitoringExpressions.assertEveryRuleRuns(prom);
        MonitoringExpressions.assertEveryDashboardExpressionRuns(
            prom, monitoring.resolve("telemetrics-dashboard.json"), "127.0.0.1:" + metricsPort);
        assertThat(prom.query("ALERTS{alertstate=\"firing\"}").samples())
            .as("alerts firing on a healthy machine")
            .isEmpty();
      }
    }
  }

  /**
   * One life of both daemons, as systemd gives them: telemprobd started by the first probe's
   * connection, telempostd by the records it staged; both exit when idle. Returns the records sent
   * (numbered from {@code first}) once the backend received them all.
   */
  private static int oneLifeOfBothDaemons(
      Path activate, Daemons daemons, Ledger ledger, int first, int life) throws Exception {
    Process probd =
        socketActivatedProbd(
            activate, daemons.root, daemons.root.dir().resolve("telemprobd-" + life + ".out"));
    try {
      TelemetryClient client = daemons.client();
      for (int n = first; n < first + RECORDS; n++) {
        ledger.acknowledged(n, daemons.send(client, n));
      }
      daemons.postd.start(); // as path activation starts it on the staged records
      Awaitility.await("the backend to receive every record")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () ->
                  assertThat(ledger.tally().received())
                      .as(daemons.outputs())
                      .isEqualTo(first + RECORDS));
      awaitIdleExits(probd, daemons);
      return RECORDS;
    } finally {
      probd.destroyForcibly();
    }
  }

  /** The installed program, or a skip (a failure in CI) saying how to install it. */
  private static Path required(String program, String debianPackage) {
    Optional<Path> found = PrometheusServer.binary(program);
    if (found.isPresent()) {
      return found.get();
    }
    String why =
        program
            + " is not installed (scripts/install-deps.sh installs the Debian "
            + "package "
            + debianPackage
            + ")";
    return LoudSkip.skipOutsideCi("PROMETHEUS ACCEPTANCE TEST SKIPPED", why);
  }

  /** Prometheus, with its files in {@code home}, once the exporter serves. */
  private static PrometheusServer startPrometheus(
      Path binary, Path home, JavaProcess exporter, int port, Path rules) throws IOException {
    Awaitility.await("telemetrics-metrics to serve")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!exporter.process().isAlive()) {
                throw new AssertionError("telemetrics-metrics exited: " + exporter.output());
              }
              return exporter.output().contains("serving http://");
            });
    scrape(port, "text/plain; version=0.0.4"); // a cold JVM's first answer is its slowest
    PrometheusServer prom =
        PrometheusServer.start(binary, home, "127.0.0.1:" + port, List.of(rules));
    Awaitility.await("prometheus to be ready")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(prom::ready);
    return prom;
  }

  /**
   * telemprobd as systemd starts it: systemd-socket-activate listens on the socket and execs the
   * daemon on the first connection, with the socket as fd 3; it exits when idle.
   */
  private static Process socketActivatedProbd(Path activate, TestRoot root, Path output)
      throws IOException {
    Path socket = root.layout().socketPath();
    Files.createDirectories(socket.getParent());
    Files.deleteIfExists(socket); // the last life's, as systemd removes it with its socket unit
    DaemonProcess.Kind kind = DaemonProcess.Kind.PROBD;
    Process p =
        new ProcessBuilder(
                activate.toString(),
                "-l",
                socket.toString(),
                "-E",
                "TELEMETRICS_ROOT=" + root.dir(),
                JavaProcess.javaBinary(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                kind.heap,
                "-XX:-UsePerfData",
                "-cp",
                System.getProperty("java.class.path"),
                kind.mainClass)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Awaitility.await("systemd-socket-activate to listen")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new AssertionError(
                    "systemd-socket-activate exited: " + Files.readString(output));
              }
              return Files.exists(socket);
            });
    return p;
  }

  private static void awaitIdleExits(Process probd, Daemons daemons) throws Exception {
    assertThat(probd.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .as("telemprobd exits when idle")
        .isTrue();
    assertThat(probd.exitValue()).isZero();
    Awaitility.await("telempostd to exit when idle")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !daemons.postd.alive());
    assertThat(daemons.postd.stop()).as(daemons.postd.output()).isZero();
    assertThat(daemons.postd.lifeOutput()).contains("idle for 2 s");
  }

  /** A range selector from {@code fromMillis} to now. */
  private static String since(long fromMillis) {
    return "[" + Math.max(1, System.currentTimeMillis() - fromMillis) + "ms]";
  }

  private static void awaitAsserted(
      String what, PrometheusServer prom, ThrowingRunnable assertion) {
    try {
      Awaitility.await(what)
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(assertion);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          what
              + ": "
              + e.getMessage()
              + "\nprometheus log:\n"
              + DaemonProcess.tail(prom.logText(), 3000),
          e);
    }
  }

  /** resets() of every counter series over the run is 0 (taken per name: it drops the name). */
  private static void assertNoCounterWentDown(PrometheusServer prom, long fromMillis)
      throws IOException {
    List<String> counters = new ArrayList<>();
    for (Object sample :
        prom.query(
                "count by (__name__) ({job=\""
                    + PrometheusServer.JOB
                    + "\",__name__=~\"telemetrics_.+_total\"})")
            .samples()) {
      counters.add((String) JsonTree.object(JsonTree.object(sample).get("metric")).get("__name__"));
    }
    assertThat(counters)
        .contains("telemetrics_records_delivered_total", "telemetrics_records_accepted_total");
    for (String counter : counters) {
      assertThat(prom.value("max(resets(" + counter + JOB + since(fromMillis) + "))"))
          .as("times " + counter + " went down during the run")
          .isZero();
    }
  }

  /** A scrape as {@code accept} asks; fails unless it answers 200. */
  private static HttpResponse<String> scrape(int port, String accept) throws IOException {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .header("Accept", accept)
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The slowest scrape since {@code fromMillis}, for a failure message. */
  private static String slowestScrape(PrometheusServer prom, long fromMillis) {
    try {
      return "slowest scrape: "
          + prom.value("max_over_time(scrape_duration_seconds" + JOB + since(fromMillis) + ")")
          + " s (scrape_timeout 1 s)";
    } catch (IOException | RuntimeException | AssertionError e) {
      return "slowest scrape unknown: " + e.getMessage();
    }
  }

  /** {@code promtool check metrics} on a scrape in the Prometheus text format. */
  private static void assertPromtoolFindsNoProblem(Path promtool, int port) throws Exception {
    HttpResponse<String> scrape = scrape(port, "text/plain; version=0.0.4");
    assertThat(scrape.body()).contains("telemetrics_records_delivered_total");
    Process check =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = check.getOutputStream()) {
      in.write(scrape.body().getBytes(StandardCharsets.UTF_8));
    }
    String problems = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(problems).as("promtool check metrics on:\n" + scrape.body()).isBlank();
    assertThat(check.exitValue()).isZero();
  }
}
