package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.telemetrics.probes.crash.dwarf.LineTable.SourceLine;
import org.telemetrics.probes.crash.payload.CrashPayload;
import org.telemetrics.probes.crash.payload.FrameLine;

class CrashPayloadTest {
  private static final Pattern LINE =
      Pattern.compile("#\\d+ (?:(\\S+)\\(\\)|\\?\\?\\?) - \\[([^]]+)\\](?: - (.+):(\\d+))?");

  /** Payload A of the C probe, captured from a real run. */
  private static String cPayloadA() throws IOException {
    try (InputStream in =
        CrashPayloadTest.class.getResourceAsStream("/crash/c-client-crash-payloads.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int start = text.indexOf("Process: /usr/bin/crashme\nPID: 31746");
      int end = text.indexOf("<<end of payload", start);
      return text.substring(start, end);
    }
  }

  @Test
  void formatsTheSameBytesAsTheCProbeForTheSameFrames() throws IOException {
    String expected = cPayloadA();
    List<CrashPayload.ThreadBlock> threads = new ArrayList<>();
    for (String block : expected.split("\nBacktrace \\(TID ")) {
      if (block.startsWith("Process:")) {
        continue;
      }
      long tid = Long.parseLong(block.substring(0, block.indexOf(')')));
      List<FrameLine> frames = new ArrayList<>();
      for (String line : block.split("\n")) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          frames.add(
              new FrameLine(
                  Optional.ofNullable(m.group(1)),
                  m.group(2),
                  m.group(3) == null
                      ? Optional.empty()
                      : Optional.of(new SourceLine(m.group(3), Long.parseLong(m.group(4))))));
        }
      }
      threads.add(new CrashPayload.ThreadBlock(tid, frames));
    }

    String ours =
        CrashPayload.format("/usr/bin/crashme", 31746, Optional.of(11), false, List.of(), threads);

    assertThat(threads).hasSize(2);
    assertThat(ours).isEqualTo(expected);
  }

  @Test
  void errorsAndTruncationGoInTheHeader() {
    String p =
        CrashPayload.format(
            "/usr/bin/x",
            7,
            Optional.empty(),
            true,
            List.of("Failed to find module for current frame (TID 7)"),
            List.of(
                new CrashPayload.ThreadBlock(
                    7, List.of(new FrameLine(Optional.empty(), "unknown", Optional.empty())))));

    assertThat(p)
        .isEqualTo(
            "Process: /usr/bin/x\nPID: 7\n"
                + "Too many frames. Backtrace truncated.\n"
                + "Error: Failed to find module for current frame (TID 7)\n\n"
                + "Backtrace (TID 7):\n#0 ??? - [unknown]\n");
  }

  @Test
  void namesFromTheCoreCannotForgeLines() {
    String p =
        CrashPayload.format(
            "/usr/bin/x\n#9 evil",
            1,
            Optional.empty(),
            false,
            List.of(),
            List.of(
                new CrashPayload.ThreadBlock(
                    1,
                    List.of(
                        new FrameLine(
                            Optional.of("f\n#1 forged() - [x]"), "m\u0007", Optional.empty())))));

    assertThat(p.lines().filter(l -> l.startsWith("#"))).hasSize(1);
    assertThat(p).contains("#0 f?#1 forged() - [x]() - [m?]");
  }

  @Test
  void aPayloadOverTheLimitIsCutAtALineEnd() {
    List<FrameLine> frames = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      frames.add(
          new FrameLine(
              Optional.of("function_with_a_rather_long_name_" + i),
              "/usr/lib/x86_64-linux-gnu/libsomething.so.1",
              Optional.empty()));
    }
    List<CrashPayload.ThreadBlock> threads = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      threads.add(new CrashPayload.ThreadBlock(100 + t, frames));
    }

    String p = CrashPayload.format("/usr/bin/x", 1, Optional.empty(), false, List.of(), threads);

    assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
    assertThat(p).endsWith("\n");
    assertThat(p).startsWith("Process: /usr/bin/x\nPID: 1\n\nBacktrace (TID 100):\n#0 ");
  }
}
