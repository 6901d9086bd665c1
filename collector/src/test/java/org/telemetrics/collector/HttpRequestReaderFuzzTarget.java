package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the collector's HTTP request reader: the requests a connection's bytes
 * hold, read as the server reads them (until the client closes, a body passes the limit or a
 * request does not keep the connection), or BadRequest with the reason the client is answered, or
 * EOFException for a request cut short, never anything else. The first input byte is how many bytes
 * each read of the stream returns at most (0: all at once), as a socket hands over packets; the
 * allocation budget holds a connection's read-ahead buffer but not a body a client only declares.
 */
class HttpRequestReaderFuzzTarget {
  private static final long MAX_BODY_BYTES = 1 << 20;
  private static final ParserContract CONTRACT =
      ParserContract.of(256 * 1024, 256, HttpRequestReader.BadRequest.class, EOFException.class);

  @FuzzTest
  void read(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int packet = input[0] & 0xff;
    byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);

    Optional<List<HttpRequest>> requests =
        CONTRACT.check(bytes.length, () -> readAll(bytes, packet));

    requests.ifPresent(
        list ->
            list.forEach(
                r -> {
                  assertThat(r.method()).isNotEmpty().doesNotContain(" ", "\r", "\n", "\0");
                  assertThat(r.path()).isNotEmpty();
                  assertThat(r.body() == null || r.body().length <= MAX_BODY_BYTES).isTrue();
                }));
  }

  private static List<HttpRequest> readAll(byte[] bytes, int packet) throws Exception {
    HttpRequestReader reader =
        new HttpRequestReader(packets(bytes, packet), new ByteArrayOutputStream(), MAX_BODY_BYTES);
    List<HttpRequest> requests = new ArrayList<>();
    for (HttpRequest r = reader.read(); r != null; r = reader.read()) {
      requests.add(r);
      if (r.body() == null || !r.keepAlive()) {
        break; // the server closes the connection here
      }
    }
    return requests;
  }

  /** The bytes, at most {@code packet} a read, through InputStream's own readNBytes as a socket. */
  private static InputStream packets(byte[] bytes, int packet) {
    ByteArrayInputStream all = new ByteArrayInputStream(bytes);
    return new InputStream() {
      @Override
      public int read() {
        return all.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return all.read(b, off, packet == 0 ? len : Math.min(len, packet));
      }
    };
  }
}
