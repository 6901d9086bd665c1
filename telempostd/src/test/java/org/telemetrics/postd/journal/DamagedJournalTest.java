package org.telemetrics.postd.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrics.postd.journal.JournalFiles.ASIDE;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.journal.JournalEntry;

/**
 * telempostd opens its journal whatever it finds: what cannot be used is moved aside (never
 * deleted, never followed) with one warning naming the file, and a journal of good lines goes on.
 */
class DamagedJournalTest {
  @TempDir Path dir;
  JournalFiles j;

  @BeforeEach
  void setUp() {
    j = new JournalFiles(dir);
  }

  @Test
  void anInvalidUtf8ByteCostsOneLineAndTheOriginalIsKeptAside() throws IOException {
    byte[] bytes = JournalFiles.lines(0, 10).getBytes(UTF_8);
    bytes[JournalFiles.lines(0, 4).length() + 40] = (byte) 0xff;
    j.write(bytes);

    try (Journal journal = j.open(100)) {
      assertThat(journal.lineCount()).isEqualTo(9);
    }
    assertThat(j.entries())
        .hasSize(9)
        .extracting(JournalEntry::classification)
        .doesNotContain("org.example/test/n4")
        .contains("org.example/test/n9");
    Path aside = j.file.resolveSibling(ASIDE);
    assertThat(aside).hasBinaryContent(bytes);
    assertThat(aside.resolveSibling(ASIDE + ".reason"))
        .content()
        .contains("source: " + j.file + "\n")
        .contains("reason: 1 damaged lines skipped (first: a line is not valid UTF-8)\n")
        .contains("time: 2026-12-04T18:31:06Z\n");
    assertThat(j.warnings())
        .singleElement()
        .asString()
        .contains("journal " + j.file)
        .contains("not valid UTF-8")
        .contains(aside.toString())
        .contains("9 good lines");
  }

  @Test
  void anEightMebibyteNulTailIsSkippedAndTheLinesBeforeItSurvive() throws IOException {
    byte[] good = JournalFiles.lines(0, 20).getBytes(UTF_8);
    byte[] bytes = new byte[good.length + (8 << 20)];
    System.arraycopy(good, 0, bytes, 0, good.length);
    j.write(bytes);

    try (Journal journal = j.open(100)) {
      assertThat(journal.lineCount()).isEqualTo(20);
      journal.record(String.format("%032x", 99), JournalFiles.record("after"), "delivered", 1L);
    }
    assertThat(j.entries()).hasSize(21);
    assertThat(Files.size(j.file.resolveSibling(ASIDE))).isEqualTo(bytes.length);
    assertThat(j.warnings()).singleElement().asString().contains("unfinished");
  }

  @Test
  void aLineOf150MebibytesIsSkippedAndTheLinesAfterItSurvive() throws IOException {
    j.write(JournalFiles.lines(0, 5).getBytes(UTF_8));
    long hugeEnd;
    try (RandomAccessFile f = new RandomAccessFile(j.file.toFile(), "rw")) {
      hugeEnd = f.length() + (150L << 20); // sparse: NULs that take no disk space
      f.setLength(hugeEnd);
      f.seek(hugeEnd);
      f.write(("\n" + JournalFiles.lines(5, 8)).getBytes(UTF_8));
    }

    try (Journal journal = j.open(100)) {
      assertThat(journal.lineCount()).isEqualTo(3);
    }
    assertThat(j.entries())
        .extracting(JournalEntry::classification)
        .containsExactly("org.example/test/n5", "org.example/test/n6", "org.example/test/n7");
    assertThat(Files.size(j.file.resolveSibling(ASIDE))).isGreaterThan(hugeEnd);
    assertThat(j.warnings()).singleElement().asString().contains("longer than 1024 bytes");
  }

  @Test
  void aSymbolicLinkIsMovedAsideNotFollowed() throws IOException {
    Path target = dir.resolve("elsewhere");
    Files.writeString(target, "not a journal\n");
    Files.createDirectories(j.file.getParent());
    Files.createSymbolicLink(j.file, target);

    try (Journal journal = j.open(100)) {
      journal.record(String.format("%032x", 1), JournalFiles.record("x"), "delivered", 1L);
    }
    assertThat(target).hasContent("not a journal\n");
    assertThat(Files.isSymbolicLink(j.file.resolveSibling(ASIDE))).isTrue();
    assertThat(Files.isRegularFile(j.file, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(j.entries()).hasSize(1);
    assertThat(j.warnings())
        .singleElement()
        .asString()
        .contains(j.file.toString())
        .contains("it is a symbolic link");
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoIsMovedAsideWithoutOpeningIt() throws Exception {
    Files.createDirectories(j.file.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", j.file.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();

    try (Journal journal = j.open(100)) {
      assertThat(journal.lineCount()).isZero();
    }
    assertThat(j.names()).containsExactly("journal", ASIDE, ASIDE + ".reason");
    assertThat(j.warnings()).singleElement().asString().contains("FIFO");
  }

  @Test
  void aDirectoryIsMovedAside() throws IOException {
    Files.createDirectories(j.file);
    Files.writeString(j.file.resolve("inside"), "kept");

    try (Journal journal = j.open(100)) {
      journal.record(String.format("%032x", 1), JournalFiles.record("x"), "delivered", 1L);
    }
    assertThat(j.file.resolveSibling(ASIDE).resolve("inside")).hasContent("kept");
    assertThat(j.entries()).hasSize(1);
    assertThat(j.warnings()).singleElement().asString().contains("it is a directory");
  }

  @Test
  void aJournalThatCannotBeReadIsMovedAside() throws IOException {
    j.write(JournalFiles.lines(0, 3).getBytes(UTF_8));
    Files.setPosixFilePermissions(j.file, PosixFilePermissions.fromString("---------"));
    // root may read a file of mode 0000 anyway: the failure the daemon user would see
    FileOpener denied =
        (file, options) -> {
          if (options.contains(StandardOpenOption.READ)) {
            throw new AccessDeniedException(file.toString());
          }
          return FileOpener.CHANNELS.open(file, options);
        };

    try (Journal journal = j.open(100, false, denied)) {
      assertThat(journal.lineCount()).isZero();
    }
    assertThat(j.file.resolveSibling(ASIDE)).exists();
    assertThat(j.file).isEmptyFile();
    assertThat(j.warnings()).singleElement().asString().contains("cannot be read");
  }

  @Test
  void aJournalThatCannotBeWrittenIsMovedAsideWithItsLines() throws IOException {
    byte[] bytes = JournalFiles.lines(0, 3).getBytes(UTF_8);
    j.write(bytes);
    // a C client's journal, root's and 0644, under a daemon that runs as telemetry
    FileOpener readOnly =
        (file, options) -> {
          if (options.contains(StandardOpenOption.APPEND) && Files.exists(file)) {
            throw new AccessDeniedException(file.toString());
          }
          return FileOpener.CHANNELS.open(file, options);
        };

    try (Journal journal = j.open(100, false, readOnly)) {
      assertThat(journal.lineCount()).isZero();
      journal.record(String.format("%032x", 9), JournalFiles.record("x"), "delivered", 1L);
    }
    assertThat(j.file.resolveSibling(ASIDE)).hasBinaryContent(bytes);
    assertThat(j.entries()).hasSize(1);
    assertThat(j.warnings()).singleElement().asString().contains("cannot be written");
  }

  @Test
  void anUnfinishedLastLineIsNotGluedToTheNextOne() throws IOException {
    String torn = JournalFiles.line(3);
    j.write((JournalFiles.lines(0, 3) + torn.substring(0, torn.length() - 12)).getBytes(UTF_8));

    try (Journal journal = j.open(100)) {
      journal.record(String.format("%032x", 4), JournalFiles.record("x"), "delivered", 1L);
    }
    assertThat(j.entries()).hasSize(4); // every line parses
    assertThat(j.warnings()).singleElement().asString().contains("unfinished");
  }

  @Test
  void aGoodJournalIsKeptAsItIs() throws IOException {
    byte[] bytes = JournalFiles.lines(0, 10).getBytes(UTF_8);
    j.write(bytes);

    try (Journal journal = j.open(4)) {
      assertThat(journal.lineCount()).isEqualTo(6); // what a prune keeps, and more
    }
    assertThat(j.file).hasBinaryContent(bytes);
    assertThat(j.names()).containsExactly("journal");
    assertThat(j.log()).isEmpty();
  }
}
