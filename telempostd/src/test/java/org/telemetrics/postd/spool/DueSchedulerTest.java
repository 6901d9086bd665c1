package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The in-memory scheduler's rules, with times passed in: no files, no clock. */
class DueSchedulerTest {
  private static final long T = 1_795_347_986_000L;
  private final DueScheduler s = new DueScheduler();

  private static QueuedRecord record(String id, QueueFile file, long received) {
    return new QueuedRecord(id, file, 0, 100, 80, received, received / 1000, 0, RetryState.NONE);
  }

  private static QueueFile file(int records) {
    return new QueueFile(Path.of("/nonexistent/q"), records, 0, null);
  }

  @Test
  void recordsComeDueInOrderAndARetriedOneWaitsForItsTime() {
    QueueFile f = file(3);
    QueuedRecord a = record("a", f, T);
    QueuedRecord b = record("b", f, T + 1);
    s.add(b);
    s.add(a);
    assertThat(s.takeDue(T)).isSameAs(a);
    s.requeue(a, new RetryState(1, T + 5000, false, "HTTP 500"));
    assertThat(s.takeDue(T)).isSameAs(b);
    assertThat(s.takeDue(T)).isNull(); // a waits for its backoff
    assertThat(s.millisToNextDue(T)).isEqualTo(5000);
    assertThat(s.takeDue(T + 5000)).isSameAs(a);
    assertThat(s.millisToNextDue(T)).isEqualTo(-1);
  }

  @Test
  void recordsDueLaterThanAnyWaitAllowsArePulledBackAndNoOthers() {
    QueuedRecord soon = record("soon", file(1), T);
    QueuedRecord late = record("late", file(1), T);
    QueuedRecord later = record("later", file(1), T);
    s.add(soon);
    s.add(late);
    s.add(later);
    s.requeue(soon, new RetryState(1, T + 5_000, false, "HTTP 500"));
    s.requeue(late, new RetryState(2, T + 86_400_000L, true, "HTTP 503"));
    s.requeue(later, new RetryState(3, T + 2 * 86_400_000L, false, "HTTP 500"));

    assertThat(s.pullBack(T + 10_000, T + 1_000)).isEqualTo(2);

    assertThat(s.millisToNextDue(T)).isEqualTo(1_000);
    assertThat(late.retry.nextAttemptMillis()).isEqualTo(T + 1_000);
    assertThat(late.retry.attempts()).isEqualTo(2); // only the time changes
    assertThat(late.retry.outage()).isTrue();
    assertThat(later.retry.nextAttemptMillis()).isEqualTo(T + 1_000);
    assertThat(soon.retry.nextAttemptMillis()).isEqualTo(T + 5_000);
    assertThat(s.retrying()).isEqualTo(3);
    assertThat(s.pullBack(T + 10_000, T + 1_000)).isZero();
  }

  @Test
  void theOldestNotInFlightIsEvictedFirstAndBytesAreCounted() {
    QueueFile f = file(2);
    QueuedRecord a = record("a", f, T);
    QueuedRecord b = record("b", f, T + 1);
    s.add(a);
    s.add(b);
    assertThat(s.usedBytes()).isEqualTo(200);
    assertThat(s.takeDue(T)).isSameAs(a); // in flight
    assertThat(s.oldestNotInFlight()).isSameAs(b);
    assertThat(s.forget(b)).isFalse();
    assertThat(s.forget(a)).isTrue(); // the file's last record
    assertThat(s.forget(a)).isFalse();
    assertThat(s.size()).isZero();
    assertThat(s.usedBytes()).isZero();
  }

  @Test
  void theEndOfAnOutageMakesOnlyTheRecordsItHeldBackDue() {
    QueuedRecord held = record("held", file(1), T);
    QueuedRecord failing = record("failing", file(1), T);
    s.add(held);
    s.add(failing);
    s.takeDue(T);
    s.takeDue(T);
    s.requeue(held, new RetryState(1, T + 30_000, true, "cannot connect"));
    s.requeue(failing, new RetryState(1, T + 30_000, false, "HTTP 500"));
    s.endOutage(T + 10);
    assertThat(s.takeDue(T + 10)).isSameAs(held);
    assertThat(s.takeDue(T + 10)).isNull();
  }
}
