package org.telemetrics.spool.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.files.DamagedFiles;

class SpoolDirectoriesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T16:40:00Z");

  @TempDir Path dir;

  @Test
  void missingDirectoriesAreMadeAndExistingOnesLeftAlone() throws Exception {
    Path spool = Files.createDirectory(dir.resolve("spool"));
    Path queued =
        Files.writeString(Files.createDirectory(spool.resolve("queue")).resolve("r"), "x");

    assertThat(SpoolDirectories.prepareAll(spool, NOW)).isEmpty();

    for (Path d : WorkingDirectory.all(spool)) {
      assertThat(Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).as("%s", d).isTrue();
    }
    assertThat(queued).hasContent("x");
    assertThat(names(spool))
        .containsExactlyInAnyOrder("tmp", "staging", "queue", "dead-letter", "quarantine");
  }

  @Test
  void aSymbolicLinkIsMovedAsideUnfollowedAndTheDirectoryMadeAfresh() throws Exception {
    Path spool = Files.createDirectory(dir.resolve("spool"));
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path record = Files.writeString(elsewhere.resolve("record"), "kept");
    Path queue = Files.createSymbolicLink(spool.resolve("queue"), elsewhere);

    List<String> warnings = SpoolDirectories.prepareAll(spool, NOW);

    assertThat(Files.isDirectory(queue, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(queue).isEmptyDirectory();
    assertThat(record).hasContent("kept");
    Path aside = spool.resolve(".queue.damaged-20261206T164000Z");
    assertThat(Files.readSymbolicLink(aside)).isEqualTo(elsewhere);
    assertThat(DamagedFiles.note(aside)).content().contains(queue.toString(), "symbolic link");
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains(queue + " was a symbolic link to " + elsewhere, aside.getFileName().toString())
        .contains("move them into " + queue);
    assertThat(names(spool))
        .as("what is moved aside is hidden: not taken for a C client's record")
        .filteredOn(n -> !WorkingDirectory.all(spool).contains(spool.resolve(n)))
        .isNotEmpty()
        .allMatch(n -> n.startsWith("."));
  }

  @Test
  void aFileAndAFifoAreMovedAsideWithWhatTheyHold() throws Exception {
    Path spool = Files.createDirectory(dir.resolve("spool"));
    Files.writeString(spool.resolve("staging"), "a file");
    Process mkfifo = new ProcessBuilder("mkfifo", spool.resolve("tmp").toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();

    List<String> warnings = SpoolDirectories.prepareAll(spool, NOW);

    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains(spool.resolve("tmp") + " was a FIFO");
    assertThat(warnings.get(1)).contains(spool.resolve("staging") + " was a regular file");
    assertThat(spool.resolve(".staging.damaged-20261206T164000Z")).hasContent("a file");
    assertThat(spool.resolve("tmp")).isEmptyDirectory();
    assertThat(spool.resolve("staging")).isEmptyDirectory();
  }

  @Test
  void aDirectoryAnotherProcessMadeAfterTheFirstLookIsMovedBack() throws Exception {
    Path spool = Files.createDirectory(dir.resolve("spool"));
    Path staging = Files.createSymbolicLink(spool.resolve("staging"), dir);
    BasicFileAttributes seen =
        Files.readAttributes(staging, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    // the other daemon repairs it first and stages a record
    Files.delete(staging);
    Files.writeString(Files.createDirectory(staging).resolve("record"), "staged");

    Optional<String> warning = SpoolDirectories.replace(staging, seen, NOW);

    assertThat(warning).isEmpty();
    assertThat(staging.resolve("record")).hasContent("staged");
    assertThat(names(spool)).containsExactly("staging");
  }

  private static List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
