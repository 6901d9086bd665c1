package org.telemetrics.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outcomes of {@link InstanceLock#take}, and what they say to the operator. */
class InstanceLockTest {
  @TempDir Path dir;

  @Test
  void aLockIsHeldUntilClosedAndBusyMeanwhile() throws Exception {
    Path file = dir.resolve("spool/.lock");
    InstanceLock.Outcome first = InstanceLock.take(file);
    assertThat(first).isInstanceOf(InstanceLock.Held.class);
    try {
      assertThat(InstanceLock.take(file)).isEqualTo(new InstanceLock.Busy(file));
    } finally {
      ((InstanceLock.Held) first).lock().close();
    }
    InstanceLock.Outcome again = InstanceLock.take(file);
    assertThat(again).isInstanceOf(InstanceLock.Held.class);
    ((InstanceLock.Held) again).lock().close();
  }

  @Test
  void aLockThatCannotBeOpenedSaysWhyInWordsNotAnExceptionsName() throws Exception {
    Path notADirectory = Files.createFile(dir.resolve("spool"));
    Path file = notADirectory.resolve(".lock");

    assertThat(InstanceLock.take(file))
        .isEqualTo(
            new InstanceLock.Unavailable(
                "cannot open "
                    + file
                    + ": "
                    + notADirectory
                    + " is not a directory (or is a symbolic link)"));
  }

  @Test
  void somethingOtherThanAFileInItsPlaceIsNotOpened() throws Exception {
    Path file = Files.createDirectory(dir.resolve(".lock"));

    assertThat(InstanceLock.take(file))
        .isEqualTo(
            new InstanceLock.Unavailable(
                "cannot open " + file + ": not a regular file (a link, a FIFO, a directory)"));
  }
}
