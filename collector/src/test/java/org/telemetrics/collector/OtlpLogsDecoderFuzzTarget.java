package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Optional;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the collector's reading of an OTLP logs request, protobuf or JSON, and
 * of turning each log record back into a record's headers for the backend's rules: log records, or
 * IllegalArgumentException saying why, never anything else; the rules then give a verdict on every
 * record without throwing.
 */
class OtlpLogsDecoderFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(1 << 20, 256, IllegalArgumentException.class)
          .withMessage(m -> m != null && !m.isBlank());
  private static final BackendRules RULES = BackendRules.withDefaultTid();

  @FuzzTest
  void decode(FuzzedDataProvider data) {
    boolean json = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();

    Optional<List<OtlpLogRecord>> records =
        CONTRACT.check(
            body.length, () -> json ? OtlpLogsDecoder.json(body) : OtlpLogsDecoder.protobuf(body));

    records.ifPresent(
        list ->
            list.forEach(
                r ->
                    assertThat(
                            RULES.firstViolation(
                                OtlpRecordHeaders.of(r, Optional.of(BackendRules.DEFAULT_TID))))
                        .isNotNull()));
  }
}
