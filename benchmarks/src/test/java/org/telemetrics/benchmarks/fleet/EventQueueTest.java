package org.telemetrics.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  @Test
  void eventsComeOutByTimeThenKindThenClient() {
    EventQueue q = new EventQueue();
    SplittableRandom random = new SplittableRandom(2);
    List<long[]> added = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      long[] e = {random.nextLong(1_000), random.nextInt(8), random.nextInt(1 << 20)};
      added.add(e);
      q.add(e[0], (int) e[1], (int) e[2]);
    }
    added.sort(
        (a, b) ->
            a[0] != b[0]
                ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));

    for (long[] e : added) {
      long polled = q.poll();
      assertThat(
              new long[] {
                EventQueue.time(polled), EventQueue.kind(polled), EventQueue.client(polled)
              })
          .containsExactly(e);
    }
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void anEventOutOfRangeIsRefused() {
    EventQueue q = new EventQueue();

    assertThatThrownBy(() -> q.add(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.add(0, 8, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.add(0, 0, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
  }
}
