package org.telemetrics.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileErrorsTest {
  @TempDir Path dir;

  @Test
  void aFileThatIsNotThereIsSaidInWordsOnceWithItsPath() {
    Path missing = dir.resolve("missing");
    IOException e = catchThrowableOfType(() -> Files.readAllBytes(missing), IOException.class);

    assertThat(e.getMessage()).isEqualTo(missing.toString()); // what the JDK gives
    assertThat(FileErrors.reason(e)).isEqualTo("no such file or directory");
    assertThat(FileErrors.describe(e)).isEqualTo(missing + ": no such file or directory");
    assertThat(FileErrors.about(missing, e)).isEqualTo(missing + ": no such file or directory");
  }

  @Test
  void theKernelsReasonIsKeptWhenTheJdkGivesOne() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    IOException e =
        catchThrowableOfType(
            () -> Files.createDirectory(file.resolve("below")), FileSystemException.class);

    assertThat(FileErrors.reason(e)).isEqualTo("Not a directory");
    assertThat(FileErrors.describe(e)).isEqualTo(file.resolve("below") + ": Not a directory");
  }

  @Test
  void javaIoStreamsSayPathAndReasonInTheirOwnFormWhichIsReadToo() {
    Path missing = dir.resolve("a (b)/missing");
    IOException e =
        catchThrowableOfType(() -> new FileInputStream(missing.toString()), IOException.class);

    assertThat(e.getMessage()).isEqualTo(missing + " (No such file or directory)");
    assertThat(FileErrors.reason(e)).isEqualTo("No such file or directory");
    assertThat(FileErrors.describe(e)).isEqualTo(missing + ": No such file or directory");
    assertThat(FileErrors.about(missing, e)).isEqualTo(missing + ": No such file or directory");
    assertThat(FileErrors.reason(new FileNotFoundException("no parenthesis")))
        .isEqualTo("no parenthesis");
  }

  @Test
  void aFailureAboutAnotherFileNamesBoth() throws IOException {
    Path source = Files.writeString(dir.resolve("source"), "x");
    Path target = Files.createDirectories(dir.resolve("target/inside"));
    IOException e =
        catchThrowableOfType(
            () -> Files.move(source, target.getParent(), StandardCopyOption.ATOMIC_MOVE),
            IOException.class);

    assertThat(FileErrors.about(dir.resolve("state"), e))
        .startsWith(dir.resolve("state") + ": " + source + " -> " + target.getParent() + ": ");
  }

  @Test
  void permissionAndOtherErrorsWithoutAPath() {
    assertThat(FileErrors.reason(new AccessDeniedException("/var/spool/x")))
        .isEqualTo("permission denied");
    assertThat(FileErrors.about(Path.of("/var/spool/x"), new AccessDeniedException("/var/spool/x")))
        .isEqualTo("/var/spool/x: permission denied");
    assertThat(FileErrors.reason(new IOException("state is larger than 64 bytes")))
        .isEqualTo("state is larger than 64 bytes");
    assertThat(FileErrors.about(Path.of("/s"), new IOException("larger than 64 bytes")))
        .isEqualTo("/s: larger than 64 bytes");
    assertThat(FileErrors.about(Path.of("/s"), new IOException("/s is not a regular file")))
        .isEqualTo("/s: /s is not a regular file"); // after a verb: "cannot read /s: /s is ..."
    assertThat(FileErrors.reason(new FileSystemException("/x"))).isEqualTo("FileSystemException");
    assertThat(FileErrors.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void anyFailureIsAFileErrorInWordsOrABugWithItsClass() {
    Path missing = dir.resolve("missing");
    IOException e = catchThrowableOfType(() -> Files.readAllBytes(missing), IOException.class);

    assertThat(FileErrors.describeAny(e)).isEqualTo(missing + ": no such file or directory");
    assertThat(FileErrors.describeAny(new IllegalStateException("the queue is not open")))
        .isEqualTo("java.lang.IllegalStateException: the queue is not open");
  }
}
