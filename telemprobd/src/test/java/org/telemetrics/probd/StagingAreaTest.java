package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;
import org.telemetrics.testing.TestRoot;

@Timeout(30)
class StagingAreaTest {
  @TempDir Path dir;

  @Test
  void measuringStagingNeitherFollowsLinksNorOpensFifos() throws Exception {
    Layout layout = TestRoot.create(dir).layout();
    Path staging = Files.createDirectories(layout.stagingDir());
    Path big = dir.resolve("big");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    Files.createSymbolicLink(staging.resolve("link"), big);
    assertThat(new ProcessBuilder("mkfifo", staging.resolve("fifo").toString()).start().waitFor())
        .isZero();
    StagingArea area =
        new StagingArea(
            layout,
            new FakeTime(0).source(),
            new Log(
                "telemprobd", new PrintStream(new ByteArrayOutputStream(), true), Log.Level.DEBUG),
            nanos -> {});
    area.prepare();
    try {
      assertThat(area.reserve(1000, 64 * 1024)).isTrue();
      assertThat(Files.isSymbolicLink(staging.resolve("link"))).isTrue();
    } finally {
      area.close();
    }
  }
}
