package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class WatchdogTest {
  @TempDir Path tmp;
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = nanos::get;

  @Test
  void pingsAtOnceAndThenEveryHalfInterval() throws Exception {
    Path path = tmp.resolve("notify.sock");
    try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open()) {
      receiver.bind(AFUNIXSocketAddress.of(path));
      Watchdog dog =
          Watchdog.from(
              Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "42"),
              42,
              new SdNotify(path.toString()),
              ticker);
      assertThat(dog.enabled()).isTrue();
      assertThat(dog.periodMillis()).isEqualTo(1000);

      assertThat(dog.poll()).isTrue();
      assertThat(receive(receiver)).isEqualTo("WATCHDOG=1");
      nanos.addAndGet(999_000_000L);
      assertThat(dog.poll()).isFalse();
      assertThat(dog.poll()).isFalse();
      nanos.addAndGet(1_000_000L);
      assertThat(dog.poll()).isTrue();
      assertThat(receive(receiver)).isEqualTo("WATCHDOG=1");
    }
  }

  @Test
  void isOffWithoutAnIntervalForThisProcessOrWithoutANotifySocket() {
    SdNotify notify = new SdNotify(tmp.resolve("n.sock").toString());
    assertThat(Watchdog.from(Map.of(), 42, notify, ticker).enabled()).isFalse();
    assertThat(
            Watchdog.from(
                    Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "41"), 42, notify, ticker)
                .enabled())
        .isFalse();
    assertThat(Watchdog.from(Map.of("WATCHDOG_USEC", "soon"), 42, notify, ticker).enabled())
        .isFalse();
    assertThat(
            Watchdog.from(Map.of("WATCHDOG_USEC", "2000000"), 42, new SdNotify(null), ticker)
                .enabled())
        .isFalse();
    assertThat(Watchdog.from(Map.of("WATCHDOG_USEC", "2000000"), 42, notify, ticker).enabled())
        .isTrue();
  }

  private static String receive(AFUNIXDatagramChannel ch) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(64);
    ch.receive(buf);
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }
}
