package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telemetrics.files.AtomicFilesTest.mode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directories get the mode asked for; a link or a file in their place is refused. */
class DirectoriesTest {
  @TempDir Path dir;

  @Test
  void directoriesItMakesAreTheDaemonsOwnWithMissingParents() throws IOException {
    Path deep = dir.resolve("a/b/c");
    Directories.ensure(deep);
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwxr-x---");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwxr-x---");
    assertThat(mode(deep)).isEqualTo("rwxr-x---");
    assertThat(mode(dir)).isEqualTo("rwx------"); // existing: left alone
  }

  @Test
  void aSharedDirectoryIsReadableByAllAndAnExistingOneKeepsItsMode() throws IOException {
    Path shared = Directories.ensure(dir.resolve("etc"), AtomicFiles.SHARED_DIRECTORY);
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    Directories.ensure(shared); // private by default, but it exists
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void aLinkOrAFileInPlaceOfADirectoryIsRefused() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> Directories.ensure(link))
        .hasMessageContaining("is not a directory (or is a symbolic link)");
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> Directories.ensure(file.resolve("below")))
        .isInstanceOf(IOException.class);
  }
}
