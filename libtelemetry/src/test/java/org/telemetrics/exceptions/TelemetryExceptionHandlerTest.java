package org.telemetrics.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.FrameListener;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** The handler against a real Unix socket listener, in this JVM and in one that dies. */
class TelemetryExceptionHandlerTest {
  static final String ACCEPTED = "ACCEPTED 0123456789abcdef0123456789abcdef\n";

  @TempDir Path dir;

  TestRoot root() {
    return TestRoot.create(dir)
        .set("probe_ack_timeout_ms", "5000")
        .set("probe_connect_timeout_ms", "5000");
  }

  static TelemetryRecord decode(byte[] frame) throws Exception {
    return FrameCodec.decode(frame).record();
  }

  JavaProcess.Result dieOfUncaughtException(TestRoot root, String... args) {
    return JavaProcess.run(
        DiesOfUncaughtException.class.getName(),
        List.of(args),
        root.env(),
        dir.resolve("app.out"),
        Duration.ofSeconds(60));
  }

  @Test
  void aJvmDyingOfAnUncaughtExceptionSendsItsTypesAndFramesButNotItsMessages() throws Exception {
    TestRoot root = root();
    try (FrameListener probd = FrameListener.listen(root.layout().socketPath(), b -> ACCEPTED)) {
      JavaProcess.Result app = dieOfUncaughtException(root);

      TelemetryRecord record = decode(probd.next(10));
      assertThat(record.classification()).isEqualTo("org.clearlinux/java/uncaught");
      assertThat(record.severity()).isEqualTo("3");
      assertThat(record.payload())
          .startsWith("Exception : java.lang.IllegalStateException\nJava Version : ")
          .contains(
              "Backtrace :\n#1 org.telemetrics.exceptions.DiesOfUncaughtException"
                  + ".loadSettings(DiesOfUncaughtException.java:")
          .contains("#2 org.telemetrics.exceptions.DiesOfUncaughtException.main(")
          .contains("Caused by : java.io.UncheckedIOException\n")
          .contains("Caused by : java.io.IOException\n")
          .doesNotContain("secret")
          .doesNotContain("permission denied")
          .doesNotContain("Message :");
      assertThat(app.exitCode()).as(app.output()).isEqualTo(1);
      assertThat(app.output())
          .as("the JVM's own report is still printed")
          .contains("Exception in thread \"main\" java.lang.IllegalStateException: cannot read");
    }
  }

  @Test
  void theHandlerThatWasTheDefaultBeforeStillSeesTheException() throws Exception {
    TestRoot root = root();
    try (FrameListener probd = FrameListener.listen(root.layout().socketPath(), b -> ACCEPTED)) {
      JavaProcess.Result app = dieOfUncaughtException(root, "chain", "messages");

      TelemetryRecord record = decode(probd.next(10));
      assertThat(record.payload()).contains("Message : cannot read /home/alice/secret.txt\n");
      assertThat(app.output())
          .contains("previous handler saw java.lang.IllegalStateException")
          .doesNotContain("Exception in thread");
    }
  }

  @Test
  void nothingIsSentWhileTheMachineIsNotOptedIn() throws Exception {
    TestRoot root = root();
    root.optOut();
    try (FrameListener probd = FrameListener.listen(root.layout().socketPath(), b -> ACCEPTED)) {
      JavaProcess.Result app = dieOfUncaughtException(root);

      assertThat(app.exitCode()).isEqualTo(1);
      assertThat(probd.idleFor(300)).as("sending is done before the JVM exits").isTrue();
      assertThat(app.output()).contains("Exception in thread \"main\"");
    }
  }

  @Test
  void aReportIsBoundedWhateverTheException() throws Exception {
    TestRoot root = root();
    StackOverflowError deep = overflow();
    RuntimeException top = new RuntimeException("x".repeat(100_000), deep);
    RuntimeException b = new RuntimeException("b");
    RuntimeException a = new RuntimeException("a", b);
    b.initCause(a); // a cycle
    try (FrameListener probd = FrameListener.listen(root.layout().socketPath(), x -> ACCEPTED)) {
      TelemetryExceptionHandler handler =
          handler(root, ExceptionReporting.defaults().withMessages(true), new Recording());

      handler.uncaughtException(Thread.currentThread(), top);
      handler.uncaughtException(Thread.currentThread(), a);

      String payload = decode(probd.next(10)).payload();
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
      assertThat(payload)
          .contains("Caused by : java.lang.StackOverflowError")
          .contains(" more frames\n")
          .contains("x".repeat(512) + "...\n")
          .doesNotContain("x".repeat(513));
      assertThat(decode(probd.next(10)).payload())
          .contains("Message : a\n")
          .containsOnlyOnce("Message : b\n");
      assertThat(handler.lastResult()).containsInstanceOf(SendResult.Accepted.class);
    }
  }

  @Test
  void aLongCauseChainIsCutAtALineEndToTheRecordLimit() throws Exception {
    TestRoot root = root();
    Throwable chain = overflow();
    for (int i = 0; i < 20; i++) {
      chain = new IllegalArgumentException(chain);
    }
    try (FrameListener probd = FrameListener.listen(root.layout().socketPath(), x -> ACCEPTED)) {
      handler(root, ExceptionReporting.defaults(), new Recording())
          .uncaughtException(Thread.currentThread(), chain);

      String payload = decode(probd.next(10)).payload();
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
      assertThat(payload).endsWith("\n... cut to 8192 bytes\n");
    }
  }

  @Test
  void theHandlerNeverThrowsAndAlwaysHandsTheExceptionOn() {
    TestRoot root = root();
    Throwable hostile =
        new IllegalStateException() {
          @Override
          public StackTraceElement[] getStackTrace() {
            throw new UnsupportedOperationException("no frames for you");
          }

          @Override
          public String getMessage() {
            throw new UnsupportedOperationException("no message either");
          }
        };
    Recording previous = new Recording();
    Supplier<TelemetryClient> broken =
        () -> {
          throw new IllegalStateException("telemetrics.conf:3: bad line");
        };
    TelemetryExceptionHandler noConfig =
        new TelemetryExceptionHandler(ExceptionReporting.defaults(), broken, previous);
    TelemetryExceptionHandler noDaemon =
        handler(root, ExceptionReporting.defaults().withMessages(true), previous);

    assertThatCode(() -> noConfig.uncaughtException(Thread.currentThread(), hostile))
        .doesNotThrowAnyException();
    assertThatCode(() -> noDaemon.uncaughtException(Thread.currentThread(), hostile))
        .doesNotThrowAnyException();

    assertThat(previous.seen).containsExactly(hostile, hostile);
    assertThat(noConfig.lastResult().orElseThrow().toString()).contains("bad line");
    assertThat(noDaemon.lastResult())
        .get()
        .isInstanceOfSatisfying(
            SendResult.Failed.class,
            f -> assertThat(f.failure()).isEqualTo(SendResult.Failure.CONNECT));
  }

  @Test
  void oneProcessSendsAtMostMaxReportsRecords() throws Exception {
    TestRoot root = root();
    try (FrameListener probd = FrameListener.listen(root.layout().socketPath(), x -> ACCEPTED)) {
      TelemetryExceptionHandler handler =
          handler(root, ExceptionReporting.defaults().withMaxReports(2), new Recording());

      for (int i = 0; i < 3; i++) {
        handler.uncaughtException(Thread.currentThread(), new IllegalStateException());
      }

      probd.next(10);
      probd.next(10);
      assertThat(probd.idleFor(300)).isTrue();
    }
  }

  @Test
  void installingTwiceKeepsOneHandler() {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    try {
      TelemetryExceptionHandler first = TelemetryExceptionHandler.install();

      assertThat(TelemetryExceptionHandler.install()).isSameAs(first);
      assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(first);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  static TelemetryExceptionHandler handler(
      TestRoot root, ExceptionReporting reporting, Thread.UncaughtExceptionHandler previous) {
    TelemetryClient client = TelemetryClient.create(root.config());
    return new TelemetryExceptionHandler(reporting, () -> client, previous);
  }

  static StackOverflowError overflow() {
    try {
      recurse(0);
      throw new AssertionError("no overflow");
    } catch (StackOverflowError e) {
      return e;
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  static final class Recording implements Thread.UncaughtExceptionHandler {
    final List<Throwable> seen = new ArrayList<>();

    @Override
    public void uncaughtException(Thread t, Throwable e) {
      seen.add(e);
    }
  }
}
