package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests a hostile or broken client might send, over a real loopback connection: each is refused
 * with a 4xx or 5xx saying why and the connection closed, or read as the one request it can only
 * be. The body limit is 16 bytes.
 */
@Timeout(60)
class HostileHttpRequestTest extends EchoServerTest {
  /** Line ends written as | in the table below: CR LF, unless the case says otherwise. */
  private static String request(String table) {
    return table
        .replace("|", "\r\n")
        .replace("\\n", "\n")
        .replace("\\r", "\r")
        .replace("\\0", "\0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          negative Content-Length; POST /x HTTP/1.1|Content-Length: -1||; 400; malformed Content-Length
          signed Content-Length; POST /x HTTP/1.1|Content-Length: +3||abc; 400; malformed Content-Length
          non-numeric Content-Length; POST /x HTTP/1.1|Content-Length: 1e3||; 400; malformed Content-Length
          empty Content-Length; POST /x HTTP/1.1|Content-Length:||; 400; malformed Content-Length
          two Content-Lengths; POST /x HTTP/1.1|Content-Length: 3|Content-Length: 5||abcde; 400; conflicting Content-Length
          a Content-Length list; POST /x HTTP/1.1|Content-Length: 3, 5||abcde; 400; conflicting Content-Length
          Content-Length and chunked; POST /x HTTP/1.1|Content-Length: 3|Transfer-Encoding: chunked||3|abc|0||; 400; both Content-Length and Transfer-Encoding
          chunked then gzip; POST /x HTTP/1.1|Transfer-Encoding: chunked|Transfer-Encoding: gzip||; 501; not supported
          negative chunk size; POST /x HTTP/1.1|Transfer-Encoding: chunked||-5|abcde|0||; 400; malformed chunk size
          signed chunk size; POST /x HTTP/1.1|Transfer-Encoding: chunked||+5|abcde|0||; 400; malformed chunk size
          chunk size after a space; POST /x HTTP/1.1|Transfer-Encoding: chunked|| 5|abcde|0||; 400; malformed chunk size
          chunk size not hexadecimal; POST /x HTTP/1.1|Transfer-Encoding: chunked||5g|abcde|0||; 400; malformed chunk size
          chunk without its line end; POST /x HTTP/1.1|Transfer-Encoding: chunked||3|abcXY0||; 400; chunk not followed by a line end
          header line without a colon; GET /x HTTP/1.1|Host h||; 400; malformed header line
          header line without a name; GET /x HTTP/1.1|: v||; 400; malformed header line
          space before the colon; POST /x HTTP/1.1|Content-Length : 3||abc; 400; malformed header line
          folded header line; GET /x HTTP/1.1|X-A: a| b||; 400; folded header line
          folded first header line; POST /x HTTP/1.1| Content-Length: 3||abc; 400; folded header line
          bare CR in a value; GET /x HTTP/1.1|X-A: a\\rb||; 400; control character in header X-A
          NUL in a value; GET /x HTTP/1.1|X-A: a\\0b||; 400; control character in header X-A
          NUL in a name; GET /x HTTP/1.1|X\\0A: b||; 400; malformed header line
          NUL in the method; G\\0T /x HTTP/1.1||; 400; malformed request line
          NUL in the target; GET /x\\0y HTTP/1.1||; 400; malformed request target
          request line of two parts; GET /x||; 400; malformed request line
          request line of four parts; GET /x y HTTP/1.1||; 400; malformed request line
          two spaces in the request line; GET  /x HTTP/1.1||; 400; malformed request line
          a version with more after it; GET /x HTTP/1.1x||; 505; HTTP version not supported
          """)
  void isRefusedWithItsReasonAndTheConnectionClosed(
      String what, String sent, int status, String reason) throws IOException {
    try (RawHttpConnection c = connect()) {
      String answer = c.send(request(sent)).answer();
      assertThat(answer).startsWith("HTTP/1.1 " + status + " ").contains(reason);
      assertThat(answer).contains("Connection: close\r\n");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          Content-Length past a long; POST /x HTTP/1.1|Content-Length: 99999999999999999999999||
          Content-Length past the limit; POST /x HTTP/1.1|Content-Length: 17||
          chunk size past a long; POST /x HTTP/1.1|Transfer-Encoding: chunked||fffffffffffffffffffff|
          chunks past the limit; POST /x HTTP/1.1|Transfer-Encoding: chunked||10|0123456789abcdef|1|x|0||
          """)
  void aBodyPastTheLimitIsNotReadAndTheConnectionClosed(String what, String sent)
      throws IOException {
    try (RawHttpConnection c = connect()) {
      String answer = c.send(request(sent)).answer();
      assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("POST /x too large\n");
      assertThat(answer).contains("Connection: close\r\n");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      textBlock =
          """
          bare line feeds ~ POST /x HTTP/1.1\\nContent-Length: 3\\n\\nabc
          a repeated equal Content-Length ~ POST /x HTTP/1.1|Content-Length: 3|Content-Length: 003||abc
          a chunk extension ~ POST /x HTTP/1.1|Transfer-Encoding: chunked||3 ;a=b|abc|0|X-Trailer: t||
          """)
  void isReadAsTheOneRequestItCanBe(String what, String sent) throws IOException {
    try (RawHttpConnection c = connect()) {
      assertThat(c.send(request(sent)).answer())
          .startsWith("HTTP/1.1 200 ")
          .endsWith("POST /x abc\n");
      assertThat(c.send("GET /next HTTP/1.1\r\n\r\n").answer()).endsWith("GET /next \n");
    }
  }

  @Test
  void anAbsurdlyLongRequestLineIsRefusedWith431() throws IOException {
    try (RawHttpConnection c = connect()) {
      String answer = c.send("GET /" + "a".repeat(200_000) + " HTTP/1.1\r\n\r\n").answer();
      assertThat(answer).startsWith("HTTP/1.1 431 ").contains("larger than 65536 bytes");
    }
  }

  @Test
  void anAbsurdlyLongChunkExtensionIsRefusedWith431() throws IOException {
    try (RawHttpConnection c = connect()) {
      c.send("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
      String answer = c.send("1;x=" + "y".repeat(200_000) + "\r\na\r\n0\r\n\r\n").answer();
      assertThat(answer).startsWith("HTTP/1.1 431 ").contains("chunk size lines");
    }
  }

  @Test
  void aClientSilentWithinItsFirstRequestLosesItsSlotAfterTheIdleTimeout() throws Exception {
    try (RawHttpConnection c = connect()) {
      c.send("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"); // and then nothing
      awaitOpenConnections(1);
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) + 1);

      server.reapIdle();

      assertThat(c.closedByServer()).isTrue();
      awaitOpenConnections(0);
    }
  }

  @Test
  void aConnectionPastTheCapIsAnswered503AndClosed() throws Exception {
    List<RawHttpConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < BlockingHttpServer.MAX_CONNECTIONS; i++) {
        held.add(connect());
      }
      awaitOpenConnections(BlockingHttpServer.MAX_CONNECTIONS);
      try (RawHttpConnection extra = connect()) {
        assertThat(extra.answer())
            .startsWith("HTTP/1.1 503 ")
            .contains("Connection: close\r\n")
            .endsWith(BlockingHttpServer.MAX_CONNECTIONS + " connections are open\n");
        assertThat(extra.closedByServer()).isTrue();
      }
      RawHttpConnection first = held.get(0);
      assertThat(first.send("GET /held HTTP/1.1\r\n\r\n").answer()).endsWith("GET /held \n");
    } finally {
      for (RawHttpConnection c : held) {
        c.close();
      }
    }
  }

  private void awaitOpenConnections(int n) throws InterruptedException {
    for (int i = 0; i < 1000 && server.openConnections() != n; i++) {
      Thread.sleep(10);
    }
    assertThat(server.openConnections()).isEqualTo(n);
  }
}
