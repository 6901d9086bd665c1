package org.telemetrics.ctl.metrics;

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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real InfluxDB 1.x ({@code influxd}, Debian package influxdb) on loopback, with its data under a
 * temporary directory and a configuration generated here; stopped by {@link #close}.
 */
final class InfluxServer implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private InfluxServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** The installed influxd, if any. */
  static Optional<Path> binary() {
    return Stream.of("/usr/bin/influxd", "/usr/local/bin/influxd")
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  static InfluxServer start(Path influxd, Path dir) throws IOException {
    int httpPort = freePort();
    int rpcPort = freePort();
    Path config = dir.resolve("influxdb.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "reporting-disabled = true",
            "bind-address = \"127.0.0.1:" + rpcPort + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  query-log-enabled = false",
            "[monitor]",
            "  store-enabled = false",
            "[http]",
            "  bind-address = \"127.0.0.1:" + httpPort + "\"",
            "  log-enabled = false",
            ""));
    Path log = dir.resolve("influxd.log");
    Process p =
        new ProcessBuilder(influxd.toString(), "-config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new InfluxServer(p, log, URI.create("http://127.0.0.1:" + httpPort));
  }

  /** Whether /ping answers 204; false while influxd starts. */
  boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "influxd exited with " + process.exitValue() + ": " + logText());
    }
    try {
      return send(HttpRequest.newBuilder(base.resolve("/ping")).GET()).statusCode() == 204;
    } catch (IOException e) {
      return false;
    }
  }

  HttpResponse<String> query(String db, String influxQl) throws IOException {
    String form =
        "q="
            + URLEncoder.encode(influxQl, StandardCharsets.UTF_8)
            + (db.isEmpty() ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(base.resolve("/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  HttpResponse<String> write(String db, String lines) throws IOException {
    return send(
        HttpRequest.newBuilder(
                base.resolve("/write?db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(lines)));
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
