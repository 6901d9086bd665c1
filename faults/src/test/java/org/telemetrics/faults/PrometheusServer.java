package org.telemetrics.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian package prometheus) on a free loopback port, with its storage under a
 * temporary directory and a configuration generated here: one job, {@code telemetrics}, scraping
 * one target every second, and the given rule files evaluated every second. Whatever Prometheus the
 * machine runs on :9090 is left alone. Stopped by {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {
  static final String JOB = "telemetrics";

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** An installed program of the prometheus package ({@code prometheus}, {@code promtool}). */
  static Optional<Path> binary(String name) {
    List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
    dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static PrometheusServer start(Path prometheus, Path dir, String target, List<Path> ruleFiles)
      throws IOException {
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    StringBuilder yaml =
        new StringBuilder(
            String.join(
                "\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                ""));
    for (Path rules : ruleFiles) {
      yaml.append("  - '").append(rules.toAbsolutePath()).append("'\n");
    }
    yaml.append(
        String.join(
            "\n",
            "scrape_configs:",
            "  - job_name: " + JOB,
            "    static_configs:",
            "      - targets: ['" + target + "']",
            ""));
    Files.writeString(config, yaml.toString());
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    return new PrometheusServer(p, log, URI.create("http://127.0.0.1:" + port));
  }

  /** Whether /-/ready answers 200; false while Prometheus starts. */
  boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "prometheus exited with " + process.exitValue() + ": " + logText());
    }
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The answer of an instant query at the current time, successful or not. */
  Answer query(String promql) throws IOException {
    HttpResponse<String> r =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, Object> body = JsonTree.object(JsonTree.parse(r.body()));
    return new Answer(
        promql,
        String.valueOf(body.get("status")),
        String.valueOf(body.getOrDefault("error", "")),
        body.get("data"));
  }

  /** The value of a query that must succeed with exactly one sample. */
  double value(String promql) throws IOException {
    Answer a = query(promql);
    List<Object> samples = a.samples();
    if (samples.size() != 1) {
      throw new AssertionError(promql + " gave " + samples.size() + " samples, not 1: " + a.data());
    }
    List<Object> pair = JsonTree.array(JsonTree.object(samples.get(0)).get("value"));
    return Double.parseDouble((String) pair.get(1));
  }

  /** Every rule Prometheus loaded, each with its name, query, health and lastError. */
  List<Map<String, Object>> rules() throws IOException {
    HttpResponse<String> r = get("/api/v1/rules");
    List<Map<String, Object>> rules = new ArrayList<>();
    Object data = JsonTree.object(JsonTree.parse(r.body())).get("data");
    for (Object group : JsonTree.array(JsonTree.object(data).get("groups"))) {
      for (Object rule : JsonTree.array(JsonTree.object(group).get("rules"))) {
        rules.add(JsonTree.object(rule));
      }
    }
    return rules;
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(base.resolve(pathAndQuery))
              .timeout(Duration.ofSeconds(20))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** An instant query's answer: {@code status} is "success" or "error" (then with the error). */
  record Answer(String query, String status, String error, Object data) {
    boolean ok() {
      return status.equals("success");
    }

    /** The samples of a vector result (none for an error). */
    List<Object> samples() {
      if (!ok()) {
        throw new AssertionError(query + " failed: " + error);
      }
      Map<String, Object> d = JsonTree.object(data);
      if (!"vector".equals(d.get("resultType"))) {
        throw new AssertionError(query + " gave a " + d.get("resultType") + ", not a vector");
      }
      return JsonTree.array(d.get("result"));
    }
  }
}
