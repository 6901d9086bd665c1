package org.telemetrics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telemetrics.testing.FakeProbd;
import org.telemetrics.testing.FakeProbd.Behaviour;
import org.telemetrics.testing.TestRoot;

/**
 * Success means "acknowledged as stored" or "closed without the acknowledgement protocol" (the C
 * telemprobd); silence until the deadline is a failure. Each daemon behaviour through both socket
 * exchanges, over a real Unix socket.
 */
class AcknowledgementOutcomeTest {
  @TempDir Path dir;

  static Stream<SocketExchange> exchanges() {
    return TelemetryClientTest.exchanges();
  }

  SendResult sendTo(Behaviour behaviour, SocketExchange exchange) {
    TestRoot root = TestRoot.create(dir).set("probe_ack_timeout_ms", "300");
    try (FakeProbd daemon = FakeProbd.listen(root.layout().socketPath(), behaviour)) {
      TelemetryClient client = TelemetryClient.create(root.config(), exchange);
      return client.send(client.newRecord("org.example/test/ack").payload("x").build());
    }
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aDaemonThatReadsTheFrameAndNeverAnswersIsATimeoutNotASuccess(SocketExchange exchange) {
    SendResult result = sendTo(Behaviour.READS_AND_NEVER_ANSWERS, exchange);

    assertThat(result.delivered()).isFalse();
    assertThat(result).isInstanceOf(SendResult.Failed.class);
    SendResult.Failed failed = (SendResult.Failed) result;
    assertThat(failed.failure()).isEqualTo(SendResult.Failure.ACK_TIMEOUT);
    assertThat(failed.timedOut()).isTrue();
    assertThat(failed.message())
        .startsWith("no acknowledgement from telemprobd at ")
        .contains("within 300 ms (probe_ack_timeout_ms)");
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void aDaemonWhoseSlotsAreAllHeldNeverReadsAndThatIsATimeout(SocketExchange exchange) {
    SendResult result = sendTo(Behaviour.NEVER_READS, exchange);

    assertThat(result.delivered()).isFalse();
    assertThat(((SendResult.Failed) result).failure()).isEqualTo(SendResult.Failure.ACK_TIMEOUT);
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void theCDaemonClosingWithoutAnAnswerIsASuccess(SocketExchange exchange) {
    SendResult result = sendTo(Behaviour.CLOSES_WITHOUT_ANSWER, exchange);

    assertThat(result).isEqualTo(new SendResult.SentUnacknowledged());
    assertThat(result.delivered()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("exchanges")
  void anAcknowledgementIsASuccessWithTheRecordId(SocketExchange exchange) {
    SendResult result = sendTo(Behaviour.ACKNOWLEDGES, exchange);

    assertThat(result).isEqualTo(new SendResult.Accepted(FakeProbd.RECORD_ID));
  }
}
