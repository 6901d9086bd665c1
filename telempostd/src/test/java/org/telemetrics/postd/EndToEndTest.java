package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.Layout;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** Probe client → real telemprobd → real telempostd → backend, all separate processes. */
@Timeout(120)
class EndToEndTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void recordsFromProbesReachTheBackendUnderTheirAcknowledgedIds() throws Exception {
    TelemetryRecordCheck check = new TelemetryRecordCheck();
    AtomicInteger n = new AtomicInteger();
    TestBackend backend =
        postd.backend(
            r -> {
              if (Fixtures.backendViolation(r).isPresent()) {
                return new MockResponse.Builder()
                    .code(400)
                    .body(Fixtures.backendViolation(r).get())
                    .build();
              }
              return TestBackend.status(n.incrementAndGet() <= 2 ? 500 : 201); // two retries first
            });
    TestRoot root = postd.root(dir);
    Layout layout = root.layout();
    try (JavaProcess probd = Probd.start(root);
        JavaProcess postd =
            JavaProcess.start(
                TelempostdProcessTest.MAIN, List.of(), root.env(), dir.resolve("postd.out"))) {
      TelemetryClient client = TelemetryClient.create(root.config());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ids.add(Probd.send(client, "org.example/e2e/r" + i, "payload " + i + "\nsecond line"));
      }
      // The journal line comes before the delivered file is removed: wait for both.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  DeliveryTest.outcomes(layout).size() == 20
                      && isEmpty(layout.stagingDir())
                      && isEmpty(layout.queueDir()));
      assertThat(DeliveryTest.outcomes(layout)).containsOnly("delivered");
      assertThat(backend.hits).hasSize(22);
      assertThat(backend.hits)
          .allSatisfy(
              h -> {
                assertThat(Fixtures.backendViolation(h.request())).isEmpty();
                check.accept(h);
              });
      assertThat(backend.distinctIds()).isEqualTo(20);
      assertThat(backend.hits.stream().map(TestBackend.Hit::recordId).distinct())
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(DeliveryTest.journal(layout))
          .extracting(e -> e.recordId())
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(layout.stagingDir()).isEmptyDirectory();
      assertThat(layout.queueDir()).isEmptyDirectory();
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Every request carries a machine id stamped by telemprobd and the payload unchanged. */
  static final class TelemetryRecordCheck {
    void accept(TestBackend.Hit h) {
      var headers = h.request().getHeaders();
      assertThat(headers.get("Machine-Id")).hasSize(32).isNotEqualTo("FFFFFFFF");
      String body = h.request().getBody().string(StandardCharsets.UTF_8);
      assertThat(body).startsWith("payload ").endsWith("\nsecond line");
      assertThat(headers.get("Classification"))
          .isEqualTo("org.example/e2e/r" + body.substring(8, body.indexOf('\n')));
    }
  }
}
