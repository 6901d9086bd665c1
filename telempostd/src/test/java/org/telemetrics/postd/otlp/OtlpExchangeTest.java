package org.telemetrics.postd.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telemetrics.postd.delivery.AttemptOutcome;
import org.telemetrics.postd.delivery.Outcome;

/** The OTLP request body and what a collector's answer comes to. */
class OtlpExchangeTest {
  private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private final OtlpExchange protobuf =
      new OtlpExchange(new OtlpSettings(false, true, 100, 1 << 20));
  private final OtlpExchange json = new OtlpExchange(new OtlpSettings(true, false, 100, 1 << 20));

  @Test
  void gzipBodiesSayContentEncodingAndDecodeToTheSameRequest() throws Exception {
    var entries =
        List.of(
            OtlpRecords.entry(
                "11111111111111111111111111111111", "org.example/hello/x", 1, "x".repeat(4000)));

    OtlpExchange.Body body = protobuf.body(entries);

    assertThat(body.contentEncoding()).contains("gzip");
    assertThat(body.bytes().length).isLessThan(1000);
    assertThat(
            OtlpRecords.decode(body.bytes(), true, false)
                .getResourceLogs(0)
                .getScopeLogs(0)
                .getLogRecords(0)
                .getBody()
                .getStringValue())
        .isEqualTo("x".repeat(4000));
    assertThat(json.body(entries).contentEncoding()).isEmpty();
  }

  @Test
  void a2xxWithoutPartialSuccessOrWithAnEmptyOrBrokenBodyIsDelivered() {
    byte[] empty = ExportLogsServiceResponse.getDefaultInstance().toByteArray();

    assertThat(protobuf.classify(200, "application/x-protobuf", empty, null, NOW, 3))
        .isEqualTo(new Outcome.Delivered(200));
    assertThat(protobuf.classify(202, null, new byte[] {(byte) 0xff, 1}, null, NOW, 3))
        .isEqualTo(new Outcome.Delivered(202));
    assertThat(json.classify(200, "application/json", "{}".getBytes(), null, NOW, 3))
        .isEqualTo(new Outcome.Delivered(200));
  }

  @Test
  void aPartialSuccessThatRejectedAllRecordsDeadLettersThemWithTheCollectorsMessage() {
    Outcome o = protobuf.classify(200, PROTOBUF, partial(5, "body too long"), null, NOW, 5);

    assertThat(o)
        .isEqualTo(
            new Outcome.Permanent(
                200,
                "partial success: the collector rejected all 5 log records of the request: body"
                    + " too long"));
    assertThat(AttemptOutcome.of(o)).isEqualTo(AttemptOutcome.STATUS_2XX);
  }

  @Test
  void aPartialSuccessOfARequestOfOneRecordDeadLettersIt() {
    assertThat(protobuf.classify(200, PROTOBUF, partial(1, "bad body"), null, NOW, 1))
        .isEqualTo(
            new Outcome.Permanent(
                200,
                "partial success: the collector rejected the log record of the request: bad"
                    + " body"));
  }

  @Test
  void aPartialSuccessThatRejectedSomeRecordsSendsEachAgainAlone() {
    Outcome o = protobuf.classify(200, PROTOBUF, partial(2, "body too long"), null, NOW, 5);

    assertThat(o).isInstanceOf(Outcome.SomeRejected.class);
    Outcome.SomeRejected some = (Outcome.SomeRejected) o;
    assertThat(some.status()).isEqualTo(200);
    assertThat(some.reason())
        .contains("rejected 2 of the 5 log records")
        .contains("each is sent again in a request of its own")
        .endsWith(": body too long");
    assertThat(AttemptOutcome.of(o)).isEqualTo(AttemptOutcome.STATUS_2XX);
  }

  @Test
  void withPartialSuccessDeadLetterSomeRejectedRecordsDeadLetterTheWholeRequest() {
    OtlpExchange deadLetter = new OtlpExchange(new OtlpSettings(false, true, 100, 1 << 20, false));

    Outcome o = deadLetter.classify(200, PROTOBUF, partial(2, "body too long"), null, NOW, 5);

    assertThat(o).isInstanceOf(Outcome.Permanent.class);
    assertThat(((Outcome.Permanent) o).reason())
        .contains("rejected 2 of the 5 log records")
        .contains("otlp_partial_success=dead-letter")
        .contains("3 others were delivered")
        .endsWith(": body too long");
    assertThat(deadLetter.classify(200, PROTOBUF, partial(0, "warning"), null, NOW, 5))
        .isEqualTo(new Outcome.Delivered(200));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 6, Long.MAX_VALUE})
  void aCountThatCannotBeTrueIsNeverTakenForDelivered(long rejected) {
    OtlpExchange deadLetter = new OtlpExchange(new OtlpSettings(false, true, 100, 1 << 20, false));

    Outcome many = protobuf.classify(200, PROTOBUF, partial(rejected, "oops"), null, NOW, 5);
    Outcome one =
        protobuf.classify(200, PROTOBUF, partial(rejected < 0 ? -1 : 2, ""), null, NOW, 1);
    Outcome inDeadLetterMode =
        deadLetter.classify(200, PROTOBUF, partial(rejected, "oops"), null, NOW, 5);

    assertThat(many).isInstanceOf(Outcome.SomeRejected.class);
    assertThat(((Outcome.SomeRejected) many).reason())
        .contains("said it rejected " + rejected + " for a request of 5 log records")
        .contains("cannot be true")
        .endsWith(": oops");
    assertThat(one).isInstanceOf(Outcome.Permanent.class);
    assertThat(((Outcome.Permanent) one).reason()).contains("kept here rather than taken for");
    assertThat(inDeadLetterMode).isInstanceOf(Outcome.Permanent.class);
  }

  @Test
  void anUnreadablePartialSuccessIsNeverTakenForDelivered() {
    byte[] notANumber =
        "{\"partialSuccess\":{\"rejectedLogRecords\":\"two\",\"errorMessage\":\"x\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] anObject =
        "{\"partialSuccess\":{\"rejectedLogRecords\":{}}}".getBytes(StandardCharsets.UTF_8);
    // field 1 (partial_success) holding field 1 (rejected) as a length, not a number
    byte[] wrongWireType = {0x0a, 0x03, 0x0a, 0x01, 0x33};
    // partial_success whose rejected count is cut off inside its varint
    byte[] truncated = {0x0a, 0x02, 0x08, (byte) 0x80};

    assertThat(json.classify(200, JSON, notANumber, null, NOW, 3))
        .isInstanceOf(Outcome.SomeRejected.class);
    assertThat(json.classify(200, JSON, anObject, null, NOW, 3))
        .isInstanceOf(Outcome.SomeRejected.class);
    assertThat(protobuf.classify(200, PROTOBUF, wrongWireType, null, NOW, 3))
        .isInstanceOf(Outcome.SomeRejected.class);
    assertThat(protobuf.classify(200, PROTOBUF, truncated, null, NOW, 1))
        .isInstanceOf(Outcome.Permanent.class);
    assertThat(((Outcome.SomeRejected) json.classify(200, JSON, notANumber, null, NOW, 3)).reason())
        .contains("unreadable partial_success for a request of 3 log records");
  }

  @Test
  void aJsonPartialSuccessReadsRejectedLogRecordsAsAStringOrANumber() {
    byte[] asString =
        "{\"partialSuccess\":{\"rejectedLogRecords\":\"4\",\"errorMessage\":\"no\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] asNumber =
        "{\"partialSuccess\":{\"errorMessage\":\"\",\"rejectedLogRecords\":1}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            ((Outcome.Permanent) json.classify(200, "application/json", asString, null, NOW, 4))
                .reason())
        .isEqualTo("partial success: the collector rejected all 4 log records of the request: no");
    assertThat(
            ((Outcome.SomeRejected) json.classify(200, "application/json", asNumber, null, NOW, 2))
                .reason())
        .contains("rejected 1 of the 2");
    assertThat(
            json.classify(
                200,
                "application/json",
                "{\"partialSuccess\":{\"errorMessage\":\"fine\"}}".getBytes(),
                null,
                NOW,
                2))
        .isEqualTo(new Outcome.Delivered(200));
  }

  private static byte[] partial(long rejected, String message) {
    return ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(rejected)
                .setErrorMessage(message))
        .build()
        .toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void busyAnswersPauseSendingForRetryAfter(int code) {
    Outcome o = protobuf.classify(code, null, new byte[0], "7", NOW, 3);

    assertThat(o)
        .isEqualTo(
            new Outcome.Transient(
                "HTTP " + code,
                true,
                Optional.of(Duration.ofSeconds(7)),
                AttemptOutcome.ofStatus(code),
                code));
  }

  @ParameterizedTest
  @ValueSource(ints = {502, 504})
  void gatewayFailuresAreRetriedWithBackoff(int code) {
    Outcome o = protobuf.classify(code, null, new byte[0], "7", NOW, 3);

    assertThat(o).isInstanceOf(Outcome.Transient.class);
    assertThat(((Outcome.Transient) o).serverDown()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 408, 413, 500, 501, 301})
  void everyOtherStatusIsAPermanentRefusalWithTheStatusMessage(int code) throws Exception {
    byte[] status = rpcStatus(3, "bad request: \u001b[31m");

    Outcome o = protobuf.classify(code, "application/x-protobuf", status, null, NOW, 3);

    assertThat(o)
        .isEqualTo(new Outcome.Permanent(code, "HTTP " + code + " bad request: \\x1b[31m"));
  }

  @Test
  void aJsonStatusOrAPlainTextBodyGivesTheReason() {
    assertThat(
            json.classify(
                400,
                "application/json",
                "{\"code\":3,\"message\":\"invalid\"}".getBytes(),
                null,
                NOW,
                1))
        .isEqualTo(new Outcome.Permanent(400, "HTTP 400 invalid"));
    assertThat(json.classify(400, "text/plain", "plain words".getBytes(), null, NOW, 1))
        .isEqualTo(new Outcome.Permanent(400, "HTTP 400 plain words"));
  }

  /** A google.rpc.Status (code 1, message 2), written with protobuf's own encoder. */
  private static byte[] rpcStatus(int code, String message) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeInt32(1, code);
    out.writeString(2, message);
    out.flush();
    return bytes.toByteArray();
  }
}
