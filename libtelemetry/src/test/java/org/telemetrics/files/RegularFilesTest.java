package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bounded read refuses what is not a regular file and says what stands in its place. */
class RegularFilesTest {
  @TempDir Path dir;

  @Test
  void readBoundedSaysWhatStandsInPlaceOfTheFile() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> RegularFiles.readBounded(sub, 10))
        .hasMessage(sub + " is not a regular file (it is a directory)");
    Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
    assertThatThrownBy(() -> RegularFiles.readBounded(link, 10))
        .hasMessage(link + " is not a regular file (it is a symbolic link)");
    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
