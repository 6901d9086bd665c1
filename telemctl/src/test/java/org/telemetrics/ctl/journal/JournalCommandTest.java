package org.telemetrics.ctl.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.TelemctlCommandLine;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import picocli.CommandLine;

class JournalCommandTest {
  /** The C journal line of reference §5.7/§7.2, byte for byte. */
  static final String C_LINE =
      "e1c7c2b88dce3f9b49ffb1d555447e7e\0361795348131\036org.example/exp/B"
          + "\036bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\0368de32992-cc3c-40b3-bc78-a897b944d07f\n";

  static final String BOOT = "8de32992-cc3c-40b3-bc78-a897b944d07f";

  @TempDir Path dir;
  Ctl ctl;
  Layout layout;

  @BeforeEach
  void setUp() throws IOException {
    ctl = new Ctl(dir);
    layout = ctl.layout();
    Files.createDirectories(layout.journalFile().getParent());
    Files.createDirectories(layout.retentionDir());
  }

  @Test
  void printsACJournalInTheCLayout() throws IOException {
    Files.writeString(layout.journalFile(), C_LINE);
    Files.writeString(
        layout.retentionDir().resolve("e1c7c2b88dce3f9b49ffb1d555447e7e"), "payload B\n\n");
    Ctl.Run run = ctl.run("journal", "-V", "-i");
    assertThat(run.exitCode()).isZero();
    // reference §7.2, the verified output of telem_journal -V -i (header padded by printf)
    assertThat(run.out())
        .isEqualTo(
            String.format(
                    "%-30s %-27s %-32s %-32s %-36s%n",
                    "Classification", "Time stamp", "Record ID", "Event ID", "Boot ID")
                + "org.example/exp/B              Sun 2026-11-22 11:48:51 UTC "
                + "e1c7c2b88dce3f9b49ffb1d555447e7e bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb "
                + "8de32992-cc3c-40b3-bc78-a897b944d07f\n"
                + "payload B\n\n"
                + "Total records: 1\n");
    assertThat(run.out().lines().findFirst().orElseThrow().stripTrailing())
        .isEqualTo(
            "Classification                 Time stamp                  Record ID"
                + "                        Event ID                         Boot ID");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void localTimeFollowsTheZoneAsStrftimeDoes() throws IOException {
    Files.writeString(layout.journalFile(), C_LINE);
    ctl.zone = ZoneId.of("Europe/Berlin");
    assertThat(ctl.run("journal").out())
        .isEqualTo(
            "org.example/exp/B              Sun 2026-11-22 12:48:51 CET "
                + "e1c7c2b88dce3f9b49ffb1d555447e7e bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb "
                + BOOT
                + "\n");
  }

  @Test
  void filtersAreExactAndCombineAndSlashStarIsAPrefix() throws IOException {
    write(
        entry("a/b/c", "1", BOOT, null),
        entry("a/b/d", "2", BOOT, null),
        entry("a/bc/d", "3", BOOT, null),
        entry("x/b/c", "4", "other-boot", null),
        entry("a/b/e", "5", "other-boot", null));
    assertThat(classes(ctl.run("journal", "-c", "a/b/*"))).isEqualTo("a/b/c a/b/d a/b/e");
    assertThat(classes(ctl.run("journal", "-c", "a/b/c"))).isEqualTo("a/b/c");
    assertThat(classes(ctl.run("journal", "-c", "a/b"))).isEmpty();
    assertThat(classes(ctl.run("journal", "-b", "other-boot"))).isEqualTo("x/b/c a/b/e");
    assertThat(classes(ctl.run("journal", "--classification", "a/b/*", "--boot_id", "other-boot")))
        .isEqualTo("a/b/e");
    assertThat(classes(ctl.run("journal", "-e", id('3')))).isEqualTo("a/bc/d");
    assertThat(classes(ctl.run("journal", "-r", id('2')))).isEqualTo("a/b/d");
    Ctl.Run none = ctl.run("journal", "-V", "-c", "nothing/at/*");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).endsWith("Total records: 0\n");
  }

  @Test
  void outcomeColumnWhenTelempostdWroteOne() throws IOException {
    write(
        entry("a/b/c", "1", BOOT, null),
        entry("a/b/d", "2", BOOT, "delivered"),
        entry("a/b/e", "3", BOOT, "dead-letter:400"));
    Ctl.Run run = ctl.run("journal", "-V");
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).endsWith("Boot ID" + " ".repeat(29) + " Outcome");
    assertThat(lines[1]).endsWith(BOOT + " -");
    assertThat(lines[2]).endsWith(BOOT + " delivered");
    assertThat(lines[3]).endsWith(BOOT + " dead-letter:400");
    assertThat(lines[4]).isEqualTo("Total records: 3");
  }

  @Test
  void considersTheLast100EntriesAsCAndSkipsMalformedLines() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      sb.append(JournalFormat.format(entry("a/b/n" + i, Integer.toHexString(i % 16), BOOT, null)));
      if (i == 120) {
        sb.append("garbage line\n").append("x".repeat(5000)).append('\n');
      }
    }
    Files.writeString(layout.journalFile(), sb.toString());
    Ctl.Run run = ctl.run("journal", "-V");
    assertThat(run.out())
        .endsWith("Total records: 100\n")
        .contains("a/b/n50 ")
        .doesNotContain("a/b/n49 ");
    assertThat(run.err())
        .isEqualTo("telemctl: skipped 2 damaged lines in " + layout.journalFile() + "\n");
    assertThat(ctl.run("journal", "-V", "-n", "0").out()).endsWith("Total records: 150\n");
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("ar-EG")); // formats numbers with Arabic-Indic digits
      assertThat(ctl.run("journal", "-V", "-n", "0").out()).endsWith("Total records: 150\n");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void aNegativeCountIsAUsageErrorNotEverything() throws IOException {
    write(entry("a/b/c", "e1", BOOT, null));

    Ctl.Run run = ctl.run("journal", "-n", "-5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("telemctl journal: --lines must be 0 (all) or more; got -5\n");
  }

  @Test
  void jsonIsOneObjectPerLine() throws IOException {
    write(entry("a/b/c", "1", BOOT, "delivered"));
    Files.writeString(layout.retentionDir().resolve(id('1')), "body\n");
    Ctl.Run run = ctl.run("journal", "--json", "-i");
    assertThat(run.out())
        .isEqualTo(
            "{\"record_id\":\""
                + id('1')
                + "\",\"timestamp\":1795348131,"
                + "\"time\":\"2026-11-22T11:48:51Z\",\"classification\":\"a/b/c\",\"event_id\":\""
                + id('1')
                + "\",\"boot_id\":\""
                + BOOT
                + "\",\"outcome\":\"delivered\","
                + "\"record\":\"body\\n\"}\n");
  }

  @Test
  void aMissingJournalIsEmptyAndAnUnreadableOneIsAFailure() throws IOException {
    Ctl.Run run = ctl.run("journal", "-V");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).endsWith("Total records: 0\n");
    Files.createDirectory(layout.journalFile());
    Ctl.Run failed = ctl.run("journal");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).startsWith("Unable to open journal");
  }

  @Test
  void optionsAreNeverPassedToAShell() throws IOException {
    write(entry("a/b/c", "1", BOOT, null));
    Path marker = dir.resolve("pwned");
    Ctl.Run run =
        ctl.run("journal", "-c", "a/b/c; touch " + marker, "-r", "$(touch " + marker + ")");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(marker).doesNotExist();
    Ctl.Run unknown = ctl.run("journal", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Usage: telemctl journal");
  }

  @Test
  @Timeout(30)
  void followPrintsAppendedEntriesAndSurvivesPruning() throws Exception {
    write(entry("a/b/old", "1", BOOT, null));
    StringWriter out = new StringWriter();
    CommandLine cl = TelemctlCommandLine.ofEveryCommand(ctl.context());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread follower = new Thread(() -> code.set(cl.execute("journal", "--follow", "-c", "a/b/*")));
    follower.start();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString().contains("a/b/old"));
      Files.writeString(
          layout.journalFile(),
          JournalFormat.format(entry("a/b/new", "2", BOOT, "delivered"))
              + JournalFormat.format(entry("x/y/skip", "3", BOOT, null)),
          StandardOpenOption.APPEND);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString().contains("a/b/new"));
      // telempostd prunes by renaming a rewritten file over the journal
      Path tmp = layout.journalFile().resolveSibling(".journal");
      Files.writeString(
          tmp,
          JournalFormat.format(entry("a/b/new", "2", BOOT, "delivered"))
              + JournalFormat.format(entry("a/b/after", "4", BOOT, null)));
      Files.move(tmp, layout.journalFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString().contains("a/b/after"));
    } finally {
      follower.interrupt();
      follower.join(10_000);
    }
    assertThat(code.get()).isZero();
    assertThat(classes(out.toString())).isEqualTo("a/b/old a/b/new a/b/after");
  }

  private void write(JournalEntry... entries) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JournalEntry e : entries) {
      sb.append(JournalFormat.format(e));
    }
    Files.writeString(layout.journalFile(), sb.toString());
  }

  static String id(char c) {
    return String.valueOf(c).repeat(32);
  }

  static JournalEntry entry(String classification, String idChar, String boot, String outcome) {
    return new JournalEntry(
        id(idChar.charAt(0)),
        1795348131L,
        classification,
        id(idChar.charAt(0)),
        boot,
        Optional.ofNullable(outcome));
  }

  static String classes(Ctl.Run run) {
    return classes(run.out());
  }

  static String classes(String out) {
    return String.join(" ", out.lines().map(l -> l.split(" ")[0]).toList());
  }
}
