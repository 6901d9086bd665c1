package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write is whole or absent, with the mode asked for whatever the umask, and says what failed. */
class AtomicFilesTest {
  @TempDir Path dir;

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
