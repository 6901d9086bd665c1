package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.TestRoot;

/** What a server says reaches the log escaped: no control characters, DEL or U+FFFD. */
@Timeout(60)
class ServerTextInLogTest {
  @TempDir Path dir;
  @RegisterExtension final PostdSetUp postd = new PostdSetUp();

  @Test
  void anUnexpectedStatusLineIsEscapedInTheLog() throws Exception {
    TestBackend backend =
        postd.backend(
            r ->
                new MockResponse.Builder()
                    .status("HTTP/1.1 2\u007f0 \ufffd\u001b[31mred\u0007")
                    .build());
    TestRoot root = postd.root(dir);
    try (DaemonHarness d = DaemonHarness.start(root)) {
      Fixtures.stage(root.layout(), Fixtures.record(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("nexpected status line"));
      List<String> lines =
          d.log().lines().filter(l -> l.contains("nexpected status line")).toList();
      assertThat(lines)
          .isNotEmpty()
          .allSatisfy(
              l -> {
                assertThat(l).doesNotContainPattern("[\\x00-\\x1f\\x7f\\ufffd]");
                assertThat(l).contains("2\\x7f0 \\ufffd\\x1b[31mred\\x07");
              });
    }
  }
}
