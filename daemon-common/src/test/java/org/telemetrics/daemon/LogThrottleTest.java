package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telemetrics.log.Log;

class LogThrottleTest {
  @Test
  void aRepeatingFaultIsLoggedOncePerIntervalWithTheCountOfTheRest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Log log = new Log("t", new PrintStream(out, true, StandardCharsets.UTF_8), Log.Level.DEBUG);
    AtomicLong nanos = new AtomicLong();
    TimeSource time = new TimeSource(Clock.systemUTC(), nanos::get);
    LogThrottle throttle = new LogThrottle(log, time, Duration.ofSeconds(10).toNanos());
    for (int i = 0; i < 1000; i++) {
      throttle.log(Log.Level.ERROR, "disk", "disk full");
      nanos.addAndGet(Duration.ofMillis(25).toNanos()); // 25 s in all
    }
    throttle.log(Log.Level.ERROR, "other", "another kind");
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().filter(l -> l.contains("disk full"))).hasSize(3);
    assertThat(text).contains("(399 more like this since the last such line)");
    assertThat(text).contains("another kind");
  }
}
