package org.telemetrics.ctl.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrics.ctl.journal.JournalCommandTest.BOOT;
import static org.telemetrics.ctl.journal.JournalCommandTest.entry;
import static org.telemetrics.ctl.journal.JournalCommandTest.id;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.journal.JournalFormat;

/**
 * telemctl journal reads a damaged journal: bad lines are skipped with one note naming the file and
 * how many, and what is not a journal file is an error naming it, never a hang.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DamagedJournalCommandTest {
  @TempDir Path dir;
  Ctl ctl;
  Layout layout;
  Path journal;

  @BeforeEach
  void setUp() throws IOException {
    ctl = new Ctl(dir);
    layout = ctl.layout();
    journal = layout.journalFile();
    Files.createDirectories(journal.getParent());
    Files.createDirectories(layout.retentionDir());
  }

  @Test
  void aLineWithAnInvalidUtf8ByteIsSkippedWithOneNote() throws IOException {
    byte[] bad = JournalFormat.format(entry("a/b/bad", "2", BOOT, "delivered")).getBytes(UTF_8);
    bad[bad.length - 12] = (byte) 0xc3; // an unfinished two-byte sequence in the outcome
    write(good("a/b/one", "1"), bad, good("a/b/three", "3"));

    Ctl.Run run = ctl.run("journal");
    assertThat(run.exitCode()).isZero();
    assertThat(JournalCommandTest.classes(run)).isEqualTo("a/b/one a/b/three");
    assertThat(run.err()).isEqualTo("telemctl: skipped 1 damaged line in " + journal + "\n");
  }

  @Test
  void aNulTailIsOneDamagedLine() throws IOException {
    write(good("a/b/one", "1"), good("a/b/two", "2"), new byte[8 << 20]);

    Ctl.Run run = ctl.run("journal");
    assertThat(JournalCommandTest.classes(run)).isEqualTo("a/b/one a/b/two");
    assertThat(run.err()).isEqualTo("telemctl: skipped 1 damaged line in " + journal + "\n");
  }

  @Test
  void aLineOf150MebibytesIsSkipped() throws IOException {
    write(good("a/b/one", "1"));
    try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
      long end = f.length() + (150L << 20); // sparse NULs
      f.setLength(end);
      f.seek(end);
      f.write('\n');
      f.write(good("a/b/two", "2"));
    }
    Ctl.Run run = ctl.run("journal");
    assertThat(JournalCommandTest.classes(run)).isEqualTo("a/b/one a/b/two");
    assertThat(run.err()).isEqualTo("telemctl: skipped 1 damaged line in " + journal + "\n");
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", journal.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Ctl.Run run = ctl.run("journal");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Unable to open journal: "
                + journal
                + " is not a regular file (it is a FIFO, socket or device)\n");
  }

  @Test
  void aLinkOrADirectoryIsRefusedNamingTheFile() throws IOException {
    Path target = Files.write(dir.resolve("target"), good("a/b/one", "1"));
    Files.createSymbolicLink(journal, target);
    Ctl.Run link = ctl.run("journal");
    assertThat(link.exitCode()).isEqualTo(1);
    assertThat(link.out()).isEmpty();
    assertThat(link.err())
        .isEqualTo(
            "Unable to open journal: "
                + journal
                + " is not a regular file (it is a symbolic link)\n");

    Files.delete(journal);
    Files.createDirectory(journal);
    assertThat(ctl.run("journal").err())
        .isEqualTo(
            "Unable to open journal: " + journal + " is not a regular file (it is a directory)\n");
  }

  @Test
  void aDamagedRetainedCopyIsANoteAndTheOtherEntriesAreShown() throws IOException {
    write(good("a/b/one", "1"), good("a/b/two", "2"));
    Files.createDirectory(layout.retentionDir().resolve(id('1')));
    Files.writeString(layout.retentionDir().resolve(id('2')), "payload two\n");

    Ctl.Run run = ctl.run("journal", "-i");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("a/b/one").contains("a/b/two").endsWith("payload two\n");
    assertThat(run.err())
        .isEqualTo(
            "telemctl: retained copy not shown: "
                + layout.retentionDir().resolve(id('1'))
                + " is not a regular file (it is a directory)\n");
  }

  private static byte[] good(String classification, String idChar) {
    return JournalFormat.format(entry(classification, idChar, BOOT, null)).getBytes(UTF_8);
  }

  private void write(byte[]... parts) throws IOException {
    Files.deleteIfExists(journal);
    for (byte[] p : parts) {
      Files.write(
          journal,
          p,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }
}
