package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigException;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * telemprobd refuses at start the values telemctl config check refuses, with the same lines (file,
 * line, key, reason), instead of starting and failing on every record.
 */
@Timeout(60)
class StartWithBadValuesTest {
  static final String MAIN = "org.telemetrics.probd.Telemprobd";
  @TempDir Path dir;

  @Test
  void refusesToStartWithTheLinesConfigCheckPrints() throws Exception {
    TestRoot root = TestRoot.create(dir.resolve("root"));
    Path file = dir.resolve("bad.conf");
    Files.writeString(
        file,
        "[settings]\n"
            + "server=file:///etc/passwd\n"
            + "server=http://[::1\n"
            + "tidheader=X-Telemetry-TID: abc\rX-Injected: 1\n"
            + "tidheader=NoColonHere\n"
            + "spool_max_size=-5\n");
    List<String> checked =
        ConfigLoader.check(file).stream().map(ConfigException::getMessage).toList();

    JavaProcess.Result r =
        JavaProcess.run(
            MAIN,
            List.of("-f", file.toString()),
            root.env(),
            dir.resolve("out"),
            Duration.ofSeconds(30));

    assertThat(checked).hasSize(5);
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    for (String line : checked) {
      assertThat(r.output()).contains("telemprobd: error: " + line + "\n");
    }
    assertThat(r.output()).doesNotContain("Exception");
  }
}
