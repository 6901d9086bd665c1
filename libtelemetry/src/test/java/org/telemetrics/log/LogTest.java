package org.telemetrics.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void journalLinesCarryThePriorityPrefix() {
    Log log = new Log("telempostd", out, Log.Level.DEBUG);
    log.error("a");
    log.warning("b");
    log.info("c");
    log.debug("d");
    assertThat(written())
        .isEqualTo("<3>telempostd: a\n<4>telempostd: b\n<6>telempostd: c\n<7>telempostd: d\n");
  }

  @Test
  void plainLinesNameTheLevelButForInfo() {
    Log log = new Log("crashprobe", out, Log.Level.DEBUG, false);
    log.error("a");
    log.warning("b");
    log.info("c");
    log.debug("d");
    assertThat(written())
        .isEqualTo(
            "crashprobe: error: a\ncrashprobe: warning: b\n"
                + "crashprobe: c\ncrashprobe: debug: d\n");
  }

  @Test
  void controlCharactersCannotSplitOrForgeALine() {
    new Log("p", out, Log.Level.INFO).warning("x\n<3>p: forged\r\u0007\u001b[31m\u007f");
    assertThat(written()).isEqualTo("<4>p: x <3>p: forged ??[31m?\n");
  }

  @Test
  void linesBelowTheThresholdAreNotWritten() {
    Log log = new Log("p", out, Log.Level.INFO, false);
    log.debug("hidden");
    assertThat(log.enabled(Log.Level.DEBUG)).isFalse();
    assertThat(written()).isEmpty();
  }

  @Test
  void prefixesOnlyWhenJournalStreamNamesStandardError() {
    Log.forStandardError("p", out, Map.of("JOURNAL_STREAM", "8:1234"), () -> Optional.of("8:1234"))
        .info("journal");
    Log.forStandardError("p", out, Map.of("JOURNAL_STREAM", "8:1234"), () -> Optional.of("8:999"))
        .info("inherited, but standard error is elsewhere");
    Log.forStandardError("p", out, Map.of(), () -> Optional.of("8:1234")).info("no journal");
    Log.forStandardError("p", out, Map.of("TELEMETRICS_DEBUG", "1"), Optional::empty)
        .debug("debug");
    assertThat(written())
        .isEqualTo(
            "<6>p: journal\np: inherited, but standard error is elsewhere\n"
                + "p: no journal\np: debug: debug\n");
  }

  @Test
  void aDamagedVariableIsNotTheJournal() {
    assertThat(JournalStream.isStandardError("8:1234x", () -> Optional.of("8:1234x"))).isFalse();
    assertThat(JournalStream.isStandardError("", () -> Optional.of(""))).isFalse();
    assertThat(JournalStream.isStandardError(null, () -> Optional.of("8:1"))).isFalse();
  }

  @Test
  void identityIsWhatStatCallsDeviceAndInode(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Process stat = new ProcessBuilder("stat", "-L", "-c", "%d:%i", file.toString()).start();
    String expected = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(stat.waitFor()).isZero();
    assertThat(JournalStream.identity(file)).contains(expected.strip());
    assertThat(JournalStream.identity(dir.resolve("missing"))).isEmpty();
  }
}
