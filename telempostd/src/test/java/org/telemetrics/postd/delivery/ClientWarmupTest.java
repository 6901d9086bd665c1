package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigParser;
import org.telemetrics.log.Log;
import org.telemetrics.postd.PostdSettings;

/** The start-up warm-up builds the senders' kind of client, sends nothing and never fails. */
class ClientWarmupTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          "telempostd",
          new PrintStream(logged, true, StandardCharsets.UTF_8),
          Log.Level.DEBUG,
          false);

  private static PostdSettings settings(String lines) throws Exception {
    return PostdSettings.from(
        ConfigParser.parse(Path.of("/warm-up.conf"), "[settings]\n" + lines, Path.of("/")));
  }

  private String logged() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  @Test
  void setsUpTheClientOnItsOwnThreadWithoutARequest() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(0);
      PostdSettings s = settings("server=" + server.url("/v2/collector") + "\n");

      Thread t = ClientWarmup.start(s, CLOCK, log);
      t.join(60_000);

      assertThat(t.isAlive()).isFalse();
      assertThat(t.isDaemon()).isTrue();
      assertThat(logged()).contains("HTTP client set up ahead of the first delivery");
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void aClientThatCannotBeSetUpIsLeftToTheSenders() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
    PostdSettings s = settings("server=https://127.0.0.1:9/v2/collector\ncainfo=" + ca + "\n");

    ClientWarmup.run(s, CLOCK, log);

    assertThat(logged()).contains("HTTP client not set up ahead (the senders try again)");
  }
}
