package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class StorageFailuresTest {
  @Test
  void theErrnoTextTheJdkGivesSaysWhatTheFilesystemIs() {
    IOException full = new FileSystemException("/var/spool/x", null, "No space left on device");
    IOException quota = new IOException("write failed: Disk quota exceeded");
    IOException readOnly = new FileSystemException("/var/spool/x", null, "Read-only file system");
    IOException other = new FileSystemException("/var/spool/x", null, "Input/output error");

    assertThat(StorageFailures.plainly(full)).startsWith("full");
    assertThat(StorageFailures.plainly(quota)).startsWith("full");
    assertThat(StorageFailures.plainly(readOnly)).isEqualTo("read-only");
    assertThat(StorageFailures.plainly(other)).isNull();
    assertThat(StorageFailures.isNoSpace(new UncheckedIOException(full))).isTrue();
    assertThat(StorageFailures.isReadOnly(new RuntimeException(readOnly))).isTrue();
    assertThat(StorageFailures.isNoSpace(readOnly)).isFalse();
  }
}
