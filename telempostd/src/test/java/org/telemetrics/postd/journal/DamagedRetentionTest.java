package org.telemetrics.postd.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stands in the retention directory's place, or a copy's, is moved aside, not fatal. */
class DamagedRetentionTest {
  @TempDir Path dir;
  JournalFiles j;

  @BeforeEach
  void setUp() {
    j = new JournalFiles(dir);
  }

  @Test
  void aRetentionDirectoryReplacedByALinkIsMovedAsideNotFollowed() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createDirectories(j.retention.getParent());
    Files.createSymbolicLink(j.retention, elsewhere);

    try (Journal journal = j.open(100, true, FileOpener.CHANNELS)) {
      journal.record(id(1), JournalFiles.record("kept"), "delivered", 1L);
    }
    assertThat(elsewhere).isEmptyDirectory();
    assertThat(j.retention.resolve(id(1))).hasContent("kept");
    assertThat(Files.isSymbolicLink(j.retention.resolveSibling("records.damaged-20261204T183106Z")))
        .isTrue();
    assertThat(j.warnings())
        .singleElement()
        .asString()
        .contains("retention directory " + j.retention)
        .contains("symbolic link");
  }

  @Test
  void aDirectoryWhereACopyBelongsIsMovedAsideWhenWrittenAndWhenPruned() throws IOException {
    Files.createDirectories(j.retention.resolve(id(1)).resolve("x"));
    Files.createDirectories(j.retention.resolve(id(2)).resolve("y"));

    try (Journal journal = j.open(1, true, FileOpener.CHANNELS)) {
      journal.record(id(1), JournalFiles.record("one"), "delivered", 1L);
      Files.delete(j.retention.resolve(id(1)));
      journal.record(id(2), JournalFiles.record("two"), "delivered", 2L);
      journal.record(id(3), JournalFiles.record("three"), "delivered", 3L); // prunes 1 and 2
    }
    assertThat(j.retention.resolve(id(1) + ".damaged-20261204T183106Z").resolve("x")).exists();
    assertThat(j.retention.resolve(id(2) + ".damaged-20261204T183106Z").resolve("y")).exists();
    assertThat(j.retention.resolve(id(3))).hasContent("three");
    assertThat(j.retention.resolve(id(2))).doesNotExist();
    assertThat(j.entries()).hasSize(1);
    assertThat(j.warnings()).hasSize(2).allMatch(l -> l.contains("is a directory"));
  }

  private static String id(int n) {
    return String.format("%032x", n);
  }
}
