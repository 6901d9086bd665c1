package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.testing.BadConfigStart;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * telempostd refuses at start the values telemctl config check refuses, with the same lines (file,
 * line, key, reason), instead of starting and failing on every record.
 */
@Timeout(60)
class StartWithBadValuesTest {
  static final String MAIN = "org.telemetrics.postd.Telempostd";
  @TempDir Path dir;

  @Test
  void refusesToStartWithTheLinesConfigCheckPrints() throws Exception {
    BadConfigStart.assertRefusedLikeConfigCheck(MAIN, "telempostd", dir);
  }

  @Test
  void aUsageLogDescriptorThatIsNotOpenStopsTheStartWithKeyFileAndLine() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Path file = dir.resolve("fd.conf");
    Files.writeString(file, "[settings]\nusage_log=fd:987\n");
    assertThat(ConfigLoader.check(file)).isEmpty(); // only the running daemon can tell

    JavaProcess.Result r =
        JavaProcess.run(
            MAIN,
            List.of("-f", file.toString()),
            root.env(),
            dir.resolve("out"),
            Duration.ofSeconds(30));

    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output())
        .contains(
            "telempostd: error: "
                + file
                + ":2: usage_log: fd:987 is not an open file descriptor of telempostd\n");
  }
}
