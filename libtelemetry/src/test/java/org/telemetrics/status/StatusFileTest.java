package org.telemetrics.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsBackInOrder() throws IOException {
    Path file = dir.resolve("postd.status");
    DaemonStatus status =
        DaemonStatus.empty()
            .with(DaemonStatus.UPDATED_MS, 1795347986123L)
            .with(DaemonStatus.LAST_ERROR, "HTTP 503\nfrom server")
            .with(DaemonStatus.DELIVERED, 7);
    StatusFile.write(file, status);

    assertThat(Files.readString(file))
        .isEqualTo(
            "# telemetrics-status 1\n"
                + "updated_ms=1795347986123\nlast_error=HTTP 503 from server\ndelivered=7\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    DaemonStatus read = StatusFile.read(file);
    assertThat(read).isEqualTo(status);
    assertThat(read.getLong(DaemonStatus.DELIVERED)).hasValue(7);
    assertThat(read.getLong(DaemonStatus.LAST_ERROR)).isEmpty();
    assertThat(read.get("unknown")).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void rejectsLinesThatAreNotKeyValue() {
    assertThatThrownBy(() -> StatusFile.parse("# telemetrics-status 1\na=1\nnonsense\n"))
        .hasMessage("status line 3 is not key=value");
    assertThatThrownBy(() -> StatusFile.parse("Bad-Key=1\n"))
        .hasMessageContaining("status line 1")
        .hasMessageContaining("[a-z0-9_]+");
  }

  @Test
  void refusesSymbolicLinksAndHugeFiles() throws IOException {
    Path target = dir.resolve("target");
    Files.writeString(target, "a=1\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> StatusFile.read(link)).isInstanceOf(IOException.class);
    Path big = dir.resolve("big");
    Files.writeString(big, "a=" + "x".repeat(StatusFile.MAX_BYTES) + "\n");
    assertThatThrownBy(() -> StatusFile.read(big)).isInstanceOf(IOException.class);
  }

  @Test
  void mutatedInputEitherParsesOrFailsCleanly() {
    String good = StatusFile.format(DaemonStatus.empty().with("pid", 42).with("state", "idle"));
    Random random = new Random(20261130);
    for (int i = 0; i < 5000; i++) {
      char[] chars = good.toCharArray();
      for (int n = random.nextInt(4) + 1; n > 0; n--) {
        chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
      }
      try {
        DaemonStatus parsed = StatusFile.parse(new String(chars));
        assertThat(StatusFile.parse(StatusFile.format(parsed))).isEqualTo(parsed);
      } catch (StatusFormatException expected) {
        assertThat(expected.getMessage()).startsWith("status ");
      }
    }
  }

  @Test
  void aDamagedStatusFileIsReportedNamingTheFileAndTheFault() throws IOException {
    Path file = dir.resolve("postd.status");
    Files.write(file, new byte[] {'#', ' ', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> StatusFile.read(file))
        .hasMessage(file + " is not a status file: it is not UTF-8 text");
    Files.write(file, new byte[100]);
    assertThatThrownBy(() -> StatusFile.read(file))
        .hasMessage(
            file + " is not a status file: its first line is not " + "\"# telemetrics-status 1\"");
    Files.writeString(file, "");
    assertThatThrownBy(() -> StatusFile.read(file)).hasMessageStartingWith(file + " is not");
    Files.writeString(file, "# telemetrics-status 1\npid=1\n\u0000\u0000\n");
    assertThatThrownBy(() -> StatusFile.read(file))
        .hasMessage(file + ": status line 3 is not key=value");
    Files.writeString(file, "# telemetrics-status 1\n" + "a=1\n".repeat(StatusFile.MAX_BYTES));
    assertThatThrownBy(() -> StatusFile.read(file))
        .hasMessage(file + " is larger than " + StatusFile.MAX_BYTES + " bytes");
    Files.delete(file);
    Files.createDirectory(file);
    assertThatThrownBy(() -> StatusFile.read(file))
        .hasMessage(file + " is not a regular file (it is a directory)");
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWriterReplacesWhateverIsThereWithoutFollowingIt() throws Exception {
    Path file = dir.resolve("postd.status");
    DaemonStatus status = DaemonStatus.empty().with(DaemonStatus.PID, 7);
    Clock clock = Clock.fixed(Instant.parse("2026-12-04T18:31:06Z"), ZoneOffset.UTC);

    Files.write(file, new byte[StatusFile.MAX_BYTES * 4]); // oversized garbage
    StatusFile.write(file, status, clock);
    assertThat(StatusFile.read(file)).isEqualTo(status);

    Files.delete(file);
    Path target = Files.writeString(dir.resolve("target"), "untouched");
    Files.createSymbolicLink(file, target);
    StatusFile.write(file, status, clock);
    assertThat(target).hasContent("untouched");
    assertThat(StatusFile.read(file)).isEqualTo(status);

    Files.delete(file);
    Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    StatusFile.write(file, status, clock);
    assertThat(StatusFile.read(file)).isEqualTo(status);

    Files.delete(file);
    Files.createDirectories(file.resolve("inside"));
    StatusFile.write(file, status, clock);
    assertThat(StatusFile.read(file)).isEqualTo(status);
    assertThat(dir.resolve("postd.status.damaged-20261204T183106Z").resolve("inside"))
        .isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
  }
}
