package org.telemetrics.postd.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.telemetrics.config.ConfigParser;
import org.telemetrics.postd.PostdSettings;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * Coverage-guided fuzzing of a whole reply as the backend sends it, status line and headers
 * included, through the real HTTP client over loopback: {@link HttpPoster#post} gives an {@link
 * Outcome}, never an exception, and its reason (which goes to the log) is printable ASCII, whatever
 * bytes the server sent.
 */
class LoopbackReplyFuzzTarget {
  private static final AtomicReference<byte[]> REPLY = new AtomicReference<>(new byte[0]);
  private static final ServerSocket SERVER = startServer();
  private static final PostdSettings SETTINGS = settings();
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_795_347_986L), ZoneOffset.UTC);

  private static final SpoolEntry ENTRY =
      new SpoolEntry(
          "0123456789abcdef0123456789abcdef",
          1_795_347_986_123L,
          Optional.empty(),
          Optional.empty(),
          TelemetryRecord.of(
              List.of(
                  "4",
                  "org.example/fuzz/reply",
                  "2",
                  "FFFFFFFF",
                  "1795347986",
                  "x86_64",
                  "qemu|pc|unknown",
                  "12",
                  "6.1.0",
                  "1",
                  "debian",
                  "pc",
                  "cpu",
                  "bios",
                  "0123456789abcdef0123456789abcdef"),
              "hello"),
          SpoolFileFormat.Kind.NATIVE);

  @FuzzTest
  void post(byte[] reply) throws Exception {
    // Jazzer's request-forgery detector watches sockets (and is reset for each fuzzing run):
    // our own backend is the one connection expected.
    BugDetectors.allowNetworkConnections(
        (host, port) ->
            port == SERVER.getLocalPort()
                && (host.equals("localhost") || host.equals("127.0.0.1")));
    Outcome outcome = answerTo(reply);
    assertThat(outcome).isNotNull();
    String reason =
        outcome instanceof Outcome.Transient t
            ? t.reason()
            : outcome instanceof Outcome.Permanent p ? p.reason() : "";
    assertThat(reason).matches("[\\x20-\\x7e]*");
  }

  /** What a post comes to when the server answers with {@code reply}, then closes. */
  static Outcome answerTo(byte[] reply) throws Exception {
    REPLY.set(reply);
    // a poster of its own: a connection the last reply left pooled must not decide this one
    try (HttpPoster poster = new HttpPoster(SETTINGS, CLOCK)) {
      return poster.post(ENTRY);
    }
  }

  /** Answers every request with the current reply, then closes the connection. */
  private static ServerSocket startServer() {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    s.setSoTimeout(2000);
                    readRequest(s.getInputStream());
                    s.getOutputStream().write(REPLY.get());
                    s.shutdownOutput();
                  } catch (IOException e) {
                    // the client gave up first; the next request gets a fresh connection
                  }
                }
              },
              "fuzz-backend");
      t.setDaemon(true);
      t.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the request's head and its Content-Length body, so the reply cannot race it. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.write(b);
    }
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        in.readNBytes(Integer.parseInt(line.substring(15).strip()));
      }
    }
  }

  private static PostdSettings settings() {
    String conf =
        "[settings]\nserver=http://127.0.0.1:"
            + SERVER.getLocalPort()
            + "/v2/collector\n"
            + "post_connect_timeout_ms=1000\npost_read_timeout_ms=1000\npost_call_timeout_ms=3000\n";
    try {
      return PostdSettings.from(ConfigParser.parse(Path.of("/fuzz.conf"), conf, Path.of("/")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
