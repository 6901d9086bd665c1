package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server on a real loopback port, spoken to byte by byte over a plain socket. */
@Timeout(30)
class BlockingHttpServerTest extends EchoServerTest {
  @Test
  void oneConnectionServesRequestsOneAfterTheOther() throws IOException {
    try (RawHttpConnection s = connect()) {
      s.send("POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(s.answer()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("POST /a abc\n");
      s.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(s.answer()).endsWith("GET /b \n");
    }
  }

  @Test
  void aChunkedBodyIsJoinedAndAnExpectedContinueIsAnsweredFirst() throws IOException {
    try (RawHttpConnection s = connect()) {
      s.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
      s.send("3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n");
      String answers = s.answer() + s.answer();
      assertThat(answers)
          .startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")
          .endsWith("POST /c abcde\n");
    }
  }

  @Test
  void aBodyOverTheLimitIsNotReadAndTheConnectionIsClosedAfterTheAnswer() throws IOException {
    try (RawHttpConnection s = connect()) {
      s.send("POST /d HTTP/1.1\r\nContent-Length: 17\r\n\r\n");
      assertThat(s.answer()).contains("Connection: close\r\n").endsWith("POST /d too large\n");
      assertThat(s.closedByServer()).isTrue();
    }
  }

  @Test
  void anHttp10ConnectionIsClosedAfterItsAnswerUnlessItAsksToKeepIt() throws IOException {
    try (RawHttpConnection s = connect()) {
      s.send("GET /h HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(s.answer()).endsWith("GET /h \n");
      s.send("GET /i HTTP/1.0\r\n\r\n");
      assertThat(s.answer()).contains("Connection: close\r\n").endsWith("GET /i \n");
      assertThat(s.closedByServer()).isTrue();
    }
  }

  @Test
  void aHeadOverItsLimitIsRefusedWith431() throws IOException {
    try (RawHttpConnection s = connect()) {
      String big = "X-Big: " + "x".repeat(HttpRequestReader.MAX_HEAD_BYTES) + "\r\n";
      s.send("GET / HTTP/1.1\r\n" + big + "\r\n");
      assertThat(s.answer()).startsWith("HTTP/1.1 431 ").contains("larger than 65536 bytes");
      assertThat(s.closedByServer()).isTrue();
    }
  }

  @Test
  void aMalformedRequestLineIsRefusedWith400AndHttp2With505() throws IOException {
    try (RawHttpConnection s = connect()) {
      s.send("GARBAGE\r\n\r\n");
      assertThat(s.answer()).startsWith("HTTP/1.1 400 ");
    }
    try (RawHttpConnection s = connect()) {
      s.send("PRI * HTTP/2.0\r\n\r\n");
      assertThat(s.answer()).startsWith("HTTP/1.1 505 ");
    }
  }

  @Test
  void aConnectionSilentPastTheIdleTimeoutIsClosedButAnActiveOneIsNot() throws IOException {
    try (RawHttpConnection silent = connect();
        RawHttpConnection active = connect()) {
      silent.send("GET /s HTTP/1.1\r\n\r\n");
      silent.answer(); // from here on silent
      active.send("GET /e HTTP/1.1\r\n\r\n");
      active.answer();
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) / 2);
      active.send("GET /f HTTP/1.1\r\n\r\n");
      assertThat(active.answer()).endsWith("GET /f \n");
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) / 2 + 1);

      server.reapIdle();

      assertThat(silent.closedByServer()).isTrue();
      active.send("GET /g HTTP/1.1\r\n\r\n");
      assertThat(active.answer()).endsWith("GET /g \n");
    }
  }
}
