package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An answer the HTTP client cannot take (found by fuzzing): a 503 whose Retry-After is a number
 * beyond an int makes OkHttp's follow-up logic throw NumberFormatException out of the call. The
 * attempt is a failure to retry, as after a dropped connection, with a reason for the log; before,
 * the exception left the sender with no outcome (no attempt counted) and the connection open.
 */
class UnreadableAnswerTest {
  @Test
  void aServiceUnavailableWithARetryAfterBeyondAnIntIsRetried() throws Exception {
    Outcome outcome = reply("HTTP/1.1 503 Busy\r\nRetry-After: 00000000007463313360\r\n\r\n");

    assertThat(outcome).isInstanceOf(Outcome.Transient.class);
    Outcome.Transient failed = (Outcome.Transient) outcome;
    assertThat(failed.reason())
        .isEqualTo(
            "the answer could not be read (NumberFormatException: For input string:"
                + " \"00000000007463313360\")");
    assertThat(AttemptOutcome.of(outcome)).isEqualTo(AttemptOutcome.CONNECTION_ERROR);
  }

  @Test
  void aRetryAfterWithinAnIntStillDecidesTheWait() throws Exception {
    Outcome outcome = reply("HTTP/1.1 503 Busy\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n");

    assertThat(outcome).isInstanceOf(Outcome.Transient.class);
    assertThat(AttemptOutcome.of(outcome)).isEqualTo(AttemptOutcome.STATUS_5XX);
  }

  private static Outcome reply(String text) throws Exception {
    return LoopbackReplyFuzzTarget.answerTo(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
