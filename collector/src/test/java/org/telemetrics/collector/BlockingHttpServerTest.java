package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telemetrics.log.Log;

/** The server on a real loopback port, spoken to byte by byte over a plain socket. */
@Timeout(30)
class BlockingHttpServerTest {
  private static final int IDLE_MILLIS = 60_000;
  private final AtomicLong nanos = new AtomicLong();
  private BlockingHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        new BlockingHttpServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            r ->
                HttpAnswer.text(
                    200,
                    r.method()
                        + " "
                        + r.path()
                        + " "
                        + (r.body() == null ? "too large" : new String(r.body()))
                        + "\n"),
            16,
            IDLE_MILLIS,
            new Log("t", new PrintStream(new ByteArrayOutputStream()), Log.Level.INFO),
            nanos::get);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Reads one answer and its Content-Length body. */
  private static String answer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0; // none on 100 Continue
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  @Test
  void oneConnectionServesRequestsOneAfterTheOther() throws IOException {
    try (Socket s = connect()) {
      send(s, "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(answer(s)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("POST /a abc\n");
      send(s, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(answer(s)).endsWith("GET /b \n");
    }
  }

  @Test
  void aChunkedBodyIsJoinedAndAnExpectedContinueIsAnsweredFirst() throws IOException {
    try (Socket s = connect()) {
      send(s, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
      send(s, "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n");
      String answers = answer(s) + answer(s);
      assertThat(answers)
          .startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")
          .endsWith("POST /c abcde\n");
    }
  }

  @Test
  void aBodyOverTheLimitIsNotReadAndTheConnectionIsClosedAfterTheAnswer() throws IOException {
    try (Socket s = connect()) {
      send(s, "POST /d HTTP/1.1\r\nContent-Length: 17\r\n\r\n");
      assertThat(answer(s)).contains("Connection: close\r\n").endsWith("POST /d too large\n");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void anHttp10ConnectionIsClosedAfterItsAnswerUnlessItAsksToKeepIt() throws IOException {
    try (Socket s = connect()) {
      send(s, "GET /h HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(answer(s)).endsWith("GET /h \n");
      send(s, "GET /i HTTP/1.0\r\n\r\n");
      assertThat(answer(s)).contains("Connection: close\r\n").endsWith("GET /i \n");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void aHeadOverItsLimitIsRefusedWith431() throws IOException {
    try (Socket s = connect()) {
      String big = "X-Big: " + "x".repeat(HttpRequestReader.MAX_HEAD_BYTES) + "\r\n";
      send(s, "GET / HTTP/1.1\r\n" + big + "\r\n");
      assertThat(answer(s)).startsWith("HTTP/1.1 431 ").contains("larger than 65536 bytes");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void aMalformedRequestLineIsRefusedWith400AndHttp2With505() throws IOException {
    try (Socket s = connect()) {
      send(s, "GARBAGE\r\n\r\n");
      assertThat(answer(s)).startsWith("HTTP/1.1 400 ");
    }
    try (Socket s = connect()) {
      send(s, "PRI * HTTP/2.0\r\n\r\n");
      assertThat(answer(s)).startsWith("HTTP/1.1 505 ");
    }
  }

  @Test
  void aConnectionSilentPastTheIdleTimeoutIsClosedButAnActiveOneIsNot() throws IOException {
    try (Socket silent = connect();
        Socket active = connect()) {
      send(silent, "GET /s HTTP/1.1\r\n\r\n");
      answer(silent); // from here on silent
      send(active, "GET /e HTTP/1.1\r\n\r\n");
      answer(active);
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) / 2);
      send(active, "GET /f HTTP/1.1\r\n\r\n");
      assertThat(answer(active)).endsWith("GET /f \n");
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) / 2 + 1);

      server.reapIdle();

      assertThat(silent.getInputStream().read()).isEqualTo(-1);
      send(active, "GET /g HTTP/1.1\r\n\r\n");
      assertThat(answer(active)).endsWith("GET /g \n");
    }
  }
}
