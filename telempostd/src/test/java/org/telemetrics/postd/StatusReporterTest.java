package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.telemetrics.daemon.Log;
import org.telemetrics.daemon.SdNotify;
import org.telemetrics.postd.time.FakeTime;

/** systemd's STATUS= follows the queue, when it changed and at most every 2 s. */
@org.junit.jupiter.api.Timeout(30)
class StatusReporterTest {
  @TempDir Path tmp;

  @Test
  void theStatusLineFollowsTheQueueThrottled() throws Exception {
    Path socket = tmp.resolve("notify.sock");
    try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open()) {
      receiver.bind(AFUNIXSocketAddress.of(socket));
      FakeTime time = new FakeTime(Instant.parse("2026-12-04T18:00:00Z"));
      AtomicInteger queued = new AtomicInteger(15);
      SdNotify notify = new SdNotify(socket.toString());
      StatusReporter status = new StatusReporter(tmp.resolve("postd.status"),
          () -> new StatusReporter.Backlog(queued.get(), queued.get() * 100L), new Counters(),
          new Log("t", new PrintStream(new ByteArrayOutputStream(), true,
              StandardCharsets.UTF_8), Log.Level.DEBUG), time.source(), notify);
      status.maybeReport(false);
      for (int i = 0; i < 10; i++) { // 1 s of changes: none is told before 2 s have passed
        queued.decrementAndGet();
        time.advance(Duration.ofMillis(100));
        status.maybeReport(false);
      }
      time.advance(Duration.ofSeconds(1));
      status.maybeReport(false);
      status.maybeReport(false); // nothing changed: nothing sent
      notify.status("end of test");
      assertThat(List.of(receive(receiver), receive(receiver), receive(receiver))).containsExactly(
          "STATUS=15 records queued", "STATUS=5 records queued", "STATUS=end of test");
    }
  }

  private static String receive(AFUNIXDatagramChannel ch) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    ch.receive(buf);
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }
}
