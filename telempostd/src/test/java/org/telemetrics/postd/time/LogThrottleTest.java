package org.telemetrics.postd.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.telemetrics.log.Log;

class LogThrottleTest {
  @Test
  void aRepeatingFaultIsLoggedOncePerIntervalWithTheCountOfTheRest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log log = new Log("t", new PrintStream(out, true, StandardCharsets.UTF_8), Log.Level.DEBUG);
    FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
    LogThrottle throttle = new LogThrottle(log, time.source(), Duration.ofSeconds(10).toNanos());
    for (int i = 0; i < 1000; i++) {
      throttle.log(Log.Level.ERROR, "disk", "disk full");
      time.advance(Duration.ofMillis(25)); // 25 s in all
    }
    throttle.log(Log.Level.ERROR, "other", "another kind");
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().filter(l -> l.contains("disk full"))).hasSize(3);
    assertThat(text).contains("(399 more like this since the last such line)");
    assertThat(text).contains("another kind");
  }
}
