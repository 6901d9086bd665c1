package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telemetrics.files.AtomicFilesTest.mode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is moved aside is kept with a dated name and a note, and only the newest copies. */
class DamagedFilesTest {
  static final Instant NOW = Instant.parse("2026-12-04T18:31:06Z");
  @TempDir Path dir;

  @Test
  void moveAsideKeepsWhatWasThereWithADatedNameAndAReason() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("journal"), target);

    Path aside = DamagedFiles.moveAside(link, "it is\na symbolic link", NOW);
    Path again = DamagedFiles.moveAside(Files.writeString(link, "second"), "why", NOW);

    assertThat(aside.getFileName()).hasToString("journal.damaged-20261204T183106Z");
    assertThat(again.getFileName()).hasToString("journal.damaged-20261204T183106Z.1");
    assertThat(Files.isSymbolicLink(aside)).isTrue();
    assertThat(target).hasContent("untouched");
    assertThat(again).hasContent("second");
    assertThat(link).doesNotExist();
    Path note = dir.resolve("journal.damaged-20261204T183106Z.reason");
    assertThat(note)
        .hasContent(
            "source: " + link + "\nreason: it is a symbolic link\n" + "time: 2026-12-04T18:31:06Z");
    assertThat(mode(note)).isEqualTo("rw-r-----");
  }

  @Test
  void moveAsideKeepsOnlyTheNewestCopiesOfOneFile() throws IOException {
    Path journal = dir.resolve("journal");
    Path other = Files.writeString(dir.resolve("status"), "x");
    DamagedFiles.moveAside(other, "another file's copy", NOW.minusSeconds(3600));
    Path full = Files.createDirectory(journal);
    Files.writeString(full.resolve("inside"), "kept");
    DamagedFiles.moveAside(full, "a directory with something in it", NOW.minusSeconds(600));
    List<Path> copies = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Files.writeString(journal, "copy " + i);
      copies.add(DamagedFiles.moveAside(journal, "damaged " + i, NOW.plusSeconds(i)));
    }
    Files.writeString(copies.get(2).resolveSibling(copies.get(2).getFileName() + "-wal"), "w");

    Files.writeString(journal, "clock stepped back");
    Path back = DamagedFiles.moveAside(journal, "late", NOW.minusSeconds(60));

    assertThat(back).hasContent("clock stepped back");
    assertThat(copies.subList(3, 7)).allMatch(Files::exists);
    assertThat(copies.subList(0, 3)).noneMatch(Files::exists);
    assertThat(dir.resolve("journal.damaged-20261204T183106Z.reason")).doesNotExist();
    assertThat(copies.get(2).resolveSibling(copies.get(2).getFileName() + "-wal")).doesNotExist();
    assertThat(full.resolveSibling("journal.damaged-20261204T182106Z").resolve("inside"))
        .hasContent("kept");
    assertThat(dir.resolve("status.damaged-20261204T173106Z")).hasContent("x");
    assertThat(back.resolveSibling(back.getFileName() + ".reason"))
        .content()
        .contains(
            "reason: late; removed the oldest copies, keeping 5: journal.damaged-20261204T183108Z");
  }
}
