package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The path of a request target, whether it is taken as it is (a plain absolute path) or parsed:
 * always what {@link URI#getPath()} makes of it, "/" when that is empty.
 */
class RequestTargetTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/v2/collector",
        "/v1/logs",
        "/a/b;c=d,e",
        "/a:b@c/~d/./e/../f",
        "/!$&'()*+=-._",
        "/a%2Fb%20c",
        "/a?b=c",
        "/a#b",
        "//host/path",
        "http://example.com/x",
        "/ü"
      })
  void thePathIsWhatUriMakesOfTheTarget(String target) throws Exception {
    byte[] head =
        ("POST " + target + " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    HttpRequest request =
        new HttpRequestReader(new ByteArrayInputStream(head), new ByteArrayOutputStream(), 100)
            .read();

    String expected = new URI(target).getPath();
    assertThat(request.path()).isEqualTo(expected == null || expected.isEmpty() ? "/" : expected);
  }
}
