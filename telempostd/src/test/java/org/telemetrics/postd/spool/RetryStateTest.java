package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The retry note keeps whether a record goes alone (OTLP isolation) across a restart. */
class RetryStateTest {
  @Test
  void aRecordThatGoesAloneStillGoesAloneAfterTheNoteIsReadBack() {
    RetryState alone = new RetryState(2, 1_000, false, "partial success: rejected 1 of 3", true);

    assertThat(RetryState.parse(alone.encode())).contains(alone);
    assertThat(RetryState.parse(new RetryState(2, 1_000, true, "HTTP 503").encode()))
        .hasValueSatisfying(s -> assertThat(s.alone()).isFalse());
  }

  @Test
  void aNoteWrittenBeforeIsolationExistedReadsAsMayShareARequest() {
    byte[] old =
        "attempts: 1\nnext: 5\noutage: false\nlast: HTTP 502\n".getBytes(StandardCharsets.UTF_8);

    assertThat(RetryState.parse(old)).contains(new RetryState(1, 5, false, "HTTP 502", false));
  }

  @Test
  void movingTheDueTimeKeepsTheRecordAlone() {
    RetryState alone = new RetryState(1, 1_000, true, "HTTP 503", true);

    assertThat(alone.at(2_000, false)).isEqualTo(new RetryState(1, 2_000, false, "HTTP 503", true));
  }

  @Test
  void theEndOfAnOutageKeepsTheRecordAlone() {
    DueScheduler scheduler = new DueScheduler();
    QueuedRecord r =
        new QueuedRecord(
            "0123456789abcdef0123456789abcdef",
            null,
            0,
            10,
            10,
            0,
            0,
            0,
            new RetryState(1, 60_000, true, "HTTP 503", true));
    scheduler.add(r);

    scheduler.endOutage(1_000);

    assertThat(scheduler.takeDue(1_000)).isSameAs(r);
    assertThat(r.retry()).isEqualTo(new RetryState(1, 1_000, false, "HTTP 503", true));
  }
}
