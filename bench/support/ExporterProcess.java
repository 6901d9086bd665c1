import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The metrics exporter (telemetrics-metrics) as a real process for bench/metrics, with a scrape
 * client that asks for OpenMetrics as Prometheus does: started, scraped, its memory read from
 * /proc, stopped with SIGTERM.
 */
final class ExporterProcess implements AutoCloseable {
  private static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
      + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1";

  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final HttpRequest scrape;

  private ExporterProcess(Process process, int port) {
    this.process = process;
    this.scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Accept", ACCEPT).timeout(Duration.ofSeconds(10)).GET().build();
  }

  /** Starts {@code command} (output appended to {@code log}) and waits until it answers. */
  static ExporterProcess start(List<String> command, int port, Path log) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // never outlives us
    ExporterProcess exporter = new ExporterProcess(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the exporter exited with " + p.exitValue() + ": "
            + Files.readString(log));
      }
      try {
        exporter.scrape();
        return exporter;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the exporter did not answer within 60 s", e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** One scrape; its body, or an IOException for anything but a 200. */
  String scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(scrape, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("scrape answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** Sends SIGSTOP or SIGCONT, say. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
        .inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** A line of /proc/PID/status in kB, e.g. VmRSS or VmHWM. */
  long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException(field + " not in /proc/" + process.pid() + "/status");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
