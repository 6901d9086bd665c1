package org.telemetrics.postd.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other users may not list record ids: directories telempostd makes are 0750 and the journal and
 * the retained copies 0640, as the packaged tmpfiles.d entries, whatever the umask.
 */
class JournalPermissionsTest {
  @TempDir Path dir;

  @Test
  void theJournalItsCopiesAndTheDirectoriesMadeForThemArePrivate() throws IOException {
    JournalFiles j = new JournalFiles(dir.resolve("var"));
    try (Journal journal = j.open(2, true, FileOpener.CHANNELS)) {
      for (int n = 1; n <= 4; n++) { // the fourth prunes: the journal is replaced
        journal.record(String.format("%032x", n), JournalFiles.record("p" + n), "delivered", n);
      }
    }
    assertThat(mode(dir.resolve("var"))).isEqualTo("rwxr-x---");
    assertThat(mode(j.file.getParent())).isEqualTo("rwxr-x---");
    assertThat(mode(j.retention)).isEqualTo("rwxr-x---");
    assertThat(mode(j.file)).isEqualTo("rw-r-----");
    assertThat(mode(j.retention.resolve(String.format("%032x", 4)))).isEqualTo("rw-r-----");
    assertThat(j.entries()).hasSize(2);
  }

  @Test
  void anOlderWorldReadableJournalIsTightenedAndAnExistingDirectoryKeepsItsMode()
      throws IOException {
    JournalFiles j = new JournalFiles(dir);
    j.write(JournalFiles.lines(0, 3).getBytes(UTF_8));
    Files.setPosixFilePermissions(j.file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(j.file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

    j.open(100).close();

    assertThat(mode(j.file)).isEqualTo("rw-r-----");
    assertThat(mode(j.file.getParent())).isEqualTo("rwxr-xr-x"); // tmpfiles.d's to set
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
