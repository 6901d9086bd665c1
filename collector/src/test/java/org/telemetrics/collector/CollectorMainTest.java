package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    try (JavaProcess p = start(List.of(), records, urlFile, out)) {
      String url = awaitUrl(p, urlFile);
      HttpResponse<String> r = post(url, "from a child");
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
  void aDamagedFileOfItsOwnDoesNotStopItsStartOrBreakTheRecordsItServes() throws Exception {
    Path records = dir.resolve("records.jsonl");
    Path urlFile = dir.resolve("url");
    String first = new CollectedRecord(1, 1_000L, Map.of(), null, false, "first").toJson();
    Files.writeString(records, first + "\n");
    try (FileChannel ch = FileChannel.open(records, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}', '\n'})); // not UTF-8
      ch.write(ByteBuffer.wrap(new byte[64 << 20])); // a line twice the collector's heap below
      ch.write(ByteBuffer.wrap("\n{\"id\":4,\"recei".getBytes(StandardCharsets.US_ASCII)));
    }

    try (JavaProcess p = start(List.of("-Xmx32m"), records, urlFile, dir.resolve("out.txt"))) {
      String url = awaitUrl(p, urlFile);
      HttpResponse<String> posted = post(url, "after the damage");
      HttpResponse<String> served =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.replace("/v2/collector", "/api/records")))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(posted.statusCode()).isEqualTo(201);
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(StoredLines.isJsonObject(served.body())).isTrue();
      assertThat(served.body().strip())
          .startsWith("{\"records\":[{\"id\":5,")
          .endsWith(first + "]}");
    }
  }

  private JavaProcess start(List<String> jvmOptions, Path records, Path urlFile, Path out) {
    return JavaProcess.start(
        jvmOptions,
        Collector.class.getName(),
        List.of("--port", "0", "--output", records.toString(), "--url-file", urlFile.toString()),
        Map.of(),
        out,
        ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
  }

  /** The URL the collector wrote once it listens; fails at once if it exits before. */
  private static String awaitUrl(JavaProcess p, Path urlFile) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(urlFile) && System.nanoTime() < deadline) {
      if (!p.process().isAlive()) {
        throw new AssertionError("the collector exited before listening:\n" + p.output());
      }
      Thread.sleep(50); // a poll: the file appears once the collector listens
    }
    return Files.readString(urlFile).strip();
  }

  private static HttpResponse<String> post(String url, String payload) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(payload));
    new ValidRecord().asMap().forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
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
  void aPortInUseExitsWith1AndLeavesNoOutputFileBehind() throws Exception {
    Path records = dir.resolve("new/r.jsonl");
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      JavaProcess.Result r =
          JavaProcess.run(
              Collector.class.getName(),
              List.of(
                  "--port", Integer.toString(taken.getLocalPort()), "--output", records.toString()),
              Map.of(),
              dir.resolve("out.txt"),
              Duration.ofSeconds(30));

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output()).contains("telemetrics-collector: error: cannot listen on 127.0.0.1:");
      assertThat(records.getParent()).doesNotExist();
    }
  }

  @Test
  void anOutputThatIsADirectoryExitsWith1NamingIt() {
    JavaProcess.Result r =
        JavaProcess.run(
            Collector.class.getName(),
            List.of("--port", "0", "--output", dir.toString()),
            Map.of(),
            dir.resolve("out.txt"),
            Duration.ofSeconds(30));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output())
        .isEqualTo(
            "telemetrics-collector: error: cannot store records in " + dir + ": Is a directory\n");
  }
}
