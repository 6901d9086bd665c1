package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modes are what was asked for, whatever the umask; nothing is followed or deleted. */
class AtomicFilesTest {
  static final Instant NOW = Instant.parse("2026-12-04T18:31:06Z");
  @TempDir Path dir;

  @Test
  void directoriesItMakesAreTheDaemonsOwnWithMissingParents() throws IOException {
    Path deep = dir.resolve("a/b/c");
    AtomicFiles.ensureDirectory(deep);
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwxr-x---");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwxr-x---");
    assertThat(mode(deep)).isEqualTo("rwxr-x---");
    assertThat(mode(dir)).isEqualTo("rwx------"); // existing: left alone
  }

  @Test
  void aSharedDirectoryIsReadableByAllAndAnExistingOneKeepsItsMode() throws IOException {
    Path shared = AtomicFiles.ensureDirectory(dir.resolve("etc"), AtomicFiles.SHARED_DIRECTORY);
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    AtomicFiles.ensureDirectory(shared); // private by default, but it exists
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void aLinkOrAFileInPlaceOfADirectoryIsRefused() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> AtomicFiles.ensureDirectory(link))
        .hasMessageContaining("is not a directory (or is a symbolic link)");
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> AtomicFiles.ensureDirectory(file.resolve("below")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aWrittenFileHasTheModeAskedForEvenBitsTheUmaskWouldRemove() throws IOException {
    Path file = dir.resolve("f");
    AtomicFiles.write(
        dir,
        file,
        new byte[] {1},
        PosixFilePermissions.fromString("rw-rw-rw-")); // a umask of 022 removes the w bits
    assertThat(mode(file)).isEqualTo("rw-rw-rw-");
    AtomicFiles.write(dir, file, new byte[] {2}, AtomicFiles.GROUP_READABLE);
    assertThat(mode(file)).isEqualTo("rw-r-----");
  }

  @Test
  void moveAsideKeepsWhatWasThereWithADatedNameAndAReason() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("journal"), target);

    Path aside = AtomicFiles.moveAside(link, "it is\na symbolic link", NOW);
    Path again = AtomicFiles.moveAside(Files.writeString(link, "second"), "why", NOW);

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
    AtomicFiles.moveAside(other, "another file's copy", NOW.minusSeconds(3600));
    Path full = Files.createDirectory(journal);
    Files.writeString(full.resolve("inside"), "kept");
    AtomicFiles.moveAside(full, "a directory with something in it", NOW.minusSeconds(600));
    List<Path> copies = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Files.writeString(journal, "copy " + i);
      copies.add(AtomicFiles.moveAside(journal, "damaged " + i, NOW.plusSeconds(i)));
    }
    Files.writeString(copies.get(2).resolveSibling(copies.get(2).getFileName() + "-wal"), "w");

    Files.writeString(journal, "clock stepped back");
    Path back = AtomicFiles.moveAside(journal, "late", NOW.minusSeconds(60));

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

  @Test
  void readBoundedSaysWhatStandsInPlaceOfTheFile() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> AtomicFiles.readBounded(sub, 10))
        .hasMessage(sub + " is not a regular file (it is a directory)");
    Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
    assertThatThrownBy(() -> AtomicFiles.readBounded(link, 10))
        .hasMessage(link + " is not a regular file (it is a symbolic link)");
    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aWriteIntoADirectoryThatIsNotThereSaysSoAndNamesTheTarget() {
    Path target = dir.resolve("missing/state");

    assertThatThrownBy(() -> AtomicFiles.write(target.getParent(), target, new byte[] {1}))
        .isInstanceOf(IOException.class)
        .hasMessage(target + ": no such file or directory");
  }

  @Test
  void aTargetThatIsADirectoryIsNamedAsOneAndNoTemporaryFileIsLeft() throws IOException {
    Path target = Files.createDirectory(dir.resolve("report.html"));

    assertThatThrownBy(() -> AtomicFiles.write(dir, target, new byte[] {1}))
        .hasMessage(target + ": it is a directory");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(target);
    }
  }
}
