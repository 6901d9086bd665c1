package org.telemetrics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.FrameListener;
import org.telemetrics.testing.TestRoot;

/** The client against a real Unix socket listener. */
class TelemetryClientTest {
  @TempDir Path dir;

  TestRoot root() {
    return TestRoot.create(dir).set("probe_ack_timeout_ms", "2000");
  }

  @Test
  void theBytesReceivedDecodeToTheRecordSent() throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(),
        bytes -> "ACCEPTED 0123456789abcdef0123456789abcdef\n")) {
      TelemetryClient client = TelemetryClient.create(root.config());
      TelemetryRecord record = client.newRecord("org.example/test/one")
          .severity(2).payload("payload\twith tab\n").build();

      SendResult result = client.send(record);

      assertThat(result).isEqualTo(new SendResult.Accepted("0123456789abcdef0123456789abcdef"));
      Frame frame = FrameCodec.decode(listener.next(5));
      assertThat(frame.record()).isEqualTo(record);
      assertThat(frame.configPath()).isEmpty();
    }
  }

  @Test
  void anExplicitConfigFileTravelsInTheFrame() throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client = TelemetryClient.createWithExplicitConfig(
          org.telemetrics.config.ConfigLoader.load(
              java.util.Optional.of(root.configFile()), root.dir()));
      client.send(client.newRecord("a/b/c").build());
      assertThat(FrameCodec.decode(listener.next(5)).configPath())
          .contains(root.configFile().toString());
    }
  }

  @Test
  void notOptedInSendsNothing() throws Exception {
    TestRoot root = root();
    root.optOut();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client = TelemetryClient.create(root.config());
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isInstanceOf(SendResult.Failed.class);
      assertThat(((SendResult.Failed) result).message())
          .isEqualTo("not opted in; run telemctl opt-in");
      assertThat(listener.idleFor(300)).isTrue();
    }
  }

  @Test
  void aDaemonThatClosesWithoutReplyingCountsAsSent() throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      TelemetryClient client = TelemetryClient.create(root.config());
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isEqualTo(new SendResult.SentUnacknowledged());
      assertThat(result.delivered()).isTrue();
      listener.next(5);
    }
  }

  @Test
  void aRejectionIsReportedWithItsReason() throws Exception {
    TestRoot root = root();
    try (FrameListener listener = FrameListener.listen(root.layout().socketPath(),
        b -> "REJECTED staging quota exceeded\n")) {
      TelemetryClient client = TelemetryClient.create(root.config());
      SendResult result = client.send(client.newRecord("a/b/c").build());

      assertThat(result).isEqualTo(new SendResult.Rejected("staging quota exceeded"));
      assertThat(result.delivered()).isFalse();
    }
  }

  @Test
  void noDaemonIsAConnectFailureNotAnException() {
    TestRoot root = root();
    TelemetryClient client = TelemetryClient.create(root.config());
    SendResult result = client.send(client.newRecord("a/b/c").build());
    assertThat(result).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) result).failure()).isEqualTo(SendResult.Failure.CONNECT);
    assertThat(((SendResult.Failed) result).message()).contains(root.layout().socketPath()
        .toString());
  }
}
