package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.JavaProcess;

/** telemetrics-collector as a program: its command line, its first output line, SIGTERM. */
@Timeout(60)
class CollectorMainTest {
  @TempDir Path dir;

  @Test
  void printsItsUrlServesAndStopsOnSigterm() throws Exception {
    Path out = dir.resolve("out.txt");
    Path urlFile = dir.resolve("url");
    Path records = dir.resolve("records.jsonl");
    try (JavaProcess p =
        JavaProcess.start(
            Collector.class.getName(),
            List.of(
                "--port", "0", "--output", records.toString(), "--url-file", urlFile.toString()),
            Map.of(),
            out)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!Files.exists(urlFile) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String url = Files.readString(urlFile).strip();
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .POST(HttpRequest.BodyPublishers.ofString("from a child"));
      new ValidRecord().asMap().forEach(b::header);

      HttpResponse<String> r =
          HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
      p.terminate();
      int code = p.waitFor(Duration.ofSeconds(20));

      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(Files.readAllLines(records)).hasSize(1);
      assertThat(p.output().lines().findFirst()).contains(url);
      assertThat(p.output()).contains("telemetrics-collector: listening on " + url);
      assertThat(code).isIn(0, 143);
    }
  }

  @Test
  void aBadValueExitsWith2NamingTheOptionAndPointingToHelp() {
    JavaProcess.Result r =
        JavaProcess.run(
            Collector.class.getName(),
            List.of("--port", "x"),
            Map.of(),
            dir.resolve("out.txt"),
            Duration.ofSeconds(30));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output())
        .isEqualTo(
            "telemetrics-collector: option --port: x is not a number\n"
                + "Try 'telemetrics-collector --help' for more information.\n");
  }

  @Test
  void aPortInUseExitsWith1() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      JavaProcess.Result r =
          JavaProcess.run(
              Collector.class.getName(),
              List.of(
                  "--port",
                  Integer.toString(taken.getLocalPort()),
                  "--output",
                  dir.resolve("r.jsonl").toString()),
              Map.of(),
              dir.resolve("out.txt"),
              Duration.ofSeconds(30));

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output()).contains("telemetrics-collector: error: cannot listen on 127.0.0.1:");
    }
  }
}
