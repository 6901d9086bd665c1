package org.telemetrics.probes.recordgen.stdin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.FrameListener;
import org.telemetrics.testing.TestRoot;

/**
 * {@code --stdin}'s lines, reports and exit status against a real socket standing in for
 * telemprobd.
 */
class StdinRecordsTest {
  static final String ID = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  record Run(int code, List<String> out, String err) {}

  Run run(TestRoot root, InputStream stdin) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        StdinRecords.run(
            TelemetryClient.create(root.config()),
            stdin,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String o = out.toString(StandardCharsets.UTF_8);
    return new Run(
        code,
        o.isEmpty() ? List.of() : List.of(o.split("\n")),
        err.toString(StandardCharsets.UTF_8));
  }

  Run run(TestRoot root, String stdin) {
    return run(root, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
  }

  static List<TelemetryRecord> received(FrameListener daemon, int n) throws Exception {
    List<TelemetryRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(FrameCodec.decode(daemon.next(10)).record());
    }
    return records;
  }

  @Test
  void eachGoodLineIsSentAndReportedInInputOrderWithItsRecordId() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    int[] n = {0};
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(), b -> "ACCEPTED " + String.format("%032x", ++n[0]) + "\n")) {
      StringBuilder in = new StringBuilder();
      for (int i = 1; i <= 100; i++) {
        in.append("{\"class\":\"org.example/stdin/n")
            .append(i)
            .append("\",\"payload\":\"p")
            .append(i)
            .append("\\nline two\"}\n");
      }
      in.append(
          "{\"class\": \"org.example/stdin/last\", \"severity\": 4, \"record-version\": 7,"
              + " \"event-id\": \""
              + ID
              + "\", \"payload\": \"caf\\u00e9\"}"); // no final newline

      Run r = run(root, in.toString());

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).hasSize(101);
      for (int i = 1; i <= 101; i++) {
        assertThat(r.out().get(i - 1)).matches(i + " ok [0-9a-f]{32}");
      }
      List<TelemetryRecord> records = received(daemon, 101);
      assertThat(records)
          .filteredOn(t -> t.classification().equals("org.example/stdin/n42"))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.payload()).isEqualTo("p42\nline two");
                assertThat(t.severity()).isEqualTo("1");
                assertThat(t.payloadFormatVersion()).isEqualTo("1");
              });
      assertThat(records)
          .filteredOn(t -> t.classification().equals("org.example/stdin/last"))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.payload()).isEqualTo("caf\u00e9");
                assertThat(t.severity()).isEqualTo("4");
                assertThat(t.payloadFormatVersion()).isEqualTo("7");
                assertThat(t.eventId()).isEqualTo(ID);
              });
      assertThat(daemon.idleFor(100)).isTrue();
    }
  }

  @Test
  void badLinesAreReportedWithTheirNumberAndSkippedAndTheExitSaysSo() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(root.layout().socketPath(), b -> "ACCEPTED " + ID + "\n")) {
      String good = "{\"class\":\"a/b/c\",\"payload\":\"x\"}\n";
      Run r =
          run(
              root,
              good
                  + "{\"class\":\"a/b/c\",\"payload\":\"x\"\n"
                  + "{\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b\",\"payload\":\"x\"}\n"
                  + "{\"class\":\""
                  + "a".repeat(41)
                  + "/b/c\",\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"severity\":5,\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"severity\":\"2\",\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"record-version\":2147483647,\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"event-id\":\"abc\",\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"sevrity\":2,\"payload\":\"x\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"bell \\u0007\"}\n"
                  + "[1,2]\n"
                  + "\n"
                  + good);

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .containsExactly(
              "1 ok " + ID,
              "2 error invalid JSON at character 31: the line ends inside the object",
              "3 error \"class\" is missing",
              "4 error \"class\": classification needs exactly two '/' (most/to/least specific);"
                  + " got \"a/b\"",
              "5 error \"class\": classification segment \""
                  + "a".repeat(41)
                  + "\" is 41 characters;"
                  + " at most 40 allowed",
              "6 error \"severity\" must be 1-4; got 5",
              "7 error \"severity\" must be a whole number, not a string",
              "8 error \"record-version\" must be 0-2147483646; got 2147483647",
              "9 error \"event-id\": event id must be 32 characters; got 3",
              "10 error unknown key \"sevrity\" (the keys are class, severity, payload,"
                  + " record-version and event-id)",
              "11 error payload contains control character 0x7 at character 5; only tab, CR and LF"
                  + " are allowed",
              "12 error invalid JSON at character 1: expected a JSON object",
              "14 ok " + ID);
      assertThat(r.err())
          .contains("telem-record-gen: line 2: invalid JSON")
          .contains("telem-record-gen: line 12: ")
          .endsWith("telem-record-gen: 11 of 13 lines were not sent or not acknowledged\n");
      assertThat(received(daemon, 2)).hasSize(2);
      assertThat(daemon.idleFor(100)).isTrue();
    }
  }

  @Test
  void anUnpairedSurrogateEscapeIsABadLineAndAPairIsOneCharacter() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(root.layout().socketPath(), b -> "ACCEPTED " + ID + "\n")) {
      Run r =
          run(
              root,
              "{\"class\":\"a/b/c\",\"payload\":\"x\\ud800\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"\\udc00x\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"\\ud83d\\u0041\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"\\uD83D\\uDE00!\"}\n");

      assertThat(r.code()).isEqualTo(1);
      String pairs =
          " (a character past U+FFFF is two escapes, a high surrogate then a low one, like"
              + " \\ud83d\\ude00)";
      assertThat(r.out())
          .containsExactly(
              "1 error invalid JSON at character 30: an unpaired surrogate \\ud800" + pairs,
              "2 error invalid JSON at character 29: an unpaired surrogate \\udc00" + pairs,
              "3 error invalid JSON at character 29: an unpaired surrogate \\ud83d" + pairs,
              "4 ok " + ID);
      assertThat(received(daemon, 1).get(0).payload()).isEqualTo("\uD83D\uDE00!");
    }
  }

  @Test
  void aHugeLineIsSkippedWithoutBeingHeldAndTheNextOneIsSent() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(root.layout().socketPath(), b -> "ACCEPTED " + ID + "\n")) {
      long huge = 64L * 1024 * 1024; // generated as it is read: nothing holds it whole
      InputStream in =
          new java.io.SequenceInputStream(
              java.util.Collections.enumeration(
                  List.of(
                      new ByteArrayInputStream("{\"class\":\"a/b/c\",\"payload\":\"".getBytes()),
                      new RepeatedByte('x', huge),
                      new ByteArrayInputStream(
                          "\"}\n{\"class\":\"a/b/c\",\"payload\":\"after\"}\n".getBytes()))));

      Run r = run(root, in);

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .containsExactly(
              "1 error line is longer than 65536 bytes (" + (huge + 30) + "); skipped",
              "2 ok " + ID);
      assertThat(received(daemon, 1).get(0).payload()).isEqualTo("after");
    }
  }

  @Test
  void aPayloadOverTheLimitIsCutWithAWarningAsTheOptionsDo() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(root.layout().socketPath(), b -> "ACCEPTED " + ID + "\n")) {
      Run r = run(root, "{\"class\":\"a/b/c\",\"payload\":\"" + "\\u00e9".repeat(5000) + "\"}");

      assertThat(r.code()).isZero();
      assertThat(r.out()).containsExactly("1 ok " + ID);
      assertThat(r.err())
          .isEqualTo("telem-record-gen: line 1: warning: payload cut to 8192" + " bytes\n");
      assertThat(received(daemon, 1).get(0).payload()).isEqualTo("\u00e9".repeat(4096));
    }
  }

  @Test
  void emptyInputSendsNothingAndSucceeds() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      Run r = run(root, "");

      assertThat(r).isEqualTo(new Run(0, List.of(), ""));
      assertThat(daemon.idleFor(100)).isTrue();
    }
  }

  @Test
  void aRefusedRecordIsAnErrorLineWithTheDaemonsReasonAndTheOthersGoOn() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(),
            b ->
                new String(b, StandardCharsets.UTF_8).contains("refuse me")
                    ? "REJECTED staging is full\n"
                    : "ACCEPTED " + ID + "\n")) {
      Run r =
          run(
              root,
              "{\"class\":\"a/b/c\",\"payload\":\"fine\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"refuse me\"}\n"
                  + "{\"class\":\"a/b/c\",\"payload\":\"fine\"}\n");

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .containsExactly(
              "1 ok " + ID, "2 error rejected by telemprobd: staging is full", "3 ok " + ID);
      assertThat(r.err()).contains("line 2: rejected by telemprobd: staging is full");
    }
  }

  @Test
  void theCDaemonsSilenceCountsAsSentAsForOneRecord() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    try (FrameListener daemon = FrameListener.listen(root.layout().socketPath(), b -> null)) {
      Run r = run(root, "{\"class\":\"a/b/c\",\"payload\":\"x\"}\n");

      assertThat(r).isEqualTo(new Run(0, List.of("1 sent"), ""));
    }
  }

  @Test
  void noDaemonMakesEveryLineAnErrorNamingTheSocket() {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Run r = run(root, "{\"class\":\"a/b/c\",\"payload\":\"x\"}\n");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .singleElement()
        .asString()
        .startsWith("1 error not sent: cannot send to telemprobd at " + root.layout().socketPath());
  }

  /** {@code length} copies of one byte, made as they are read. */
  static final class RepeatedByte extends InputStream {
    private final int value;
    private long left;

    RepeatedByte(char value, long length) {
      this.value = value;
      this.left = length;
    }

    @Override
    public int read() {
      return left-- > 0 ? value : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) value);
      left -= n;
      return n;
    }
  }

  @Test
  void theReportLinesAreWrittenTogetherNotOneWriteEach() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    int[] n = {0};
    try (FrameListener daemon =
        FrameListener.listen(
            root.layout().socketPath(), b -> "ACCEPTED " + String.format("%032x", ++n[0]) + "\n")) {
      StringBuilder in = new StringBuilder();
      for (int i = 1; i <= 100; i++) {
        in.append("{\"class\":\"org.example/stdin/batch\",\"payload\":\"p")
            .append(i)
            .append("\"}\n");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int[] writes = {0};
      java.io.OutputStream counting =
          new java.io.FilterOutputStream(bytes) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
              writes[0]++;
              bytes.write(b, off, len);
            }
          };
      // autoflush, as System.out is: each println would be a write of its own
      PrintStream out = new PrintStream(counting, true, StandardCharsets.UTF_8);

      int code =
          StdinRecords.run(
              TelemetryClient.create(root.config()),
              new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)),
              out,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

      assertThat(code).isZero();
      assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n")).hasSize(100);
      assertThat(writes[0]).as("writes for 100 report lines").isLessThan(10);
      received(daemon, 100);
    }
  }
}
