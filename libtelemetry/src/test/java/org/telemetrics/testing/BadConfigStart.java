package org.telemetrics.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.telemetrics.config.ConfigException;
import org.telemetrics.configfile.ConfigLoader;

/**
 * A daemon started on a configuration with bad values refuses to start with the lines {@code
 * telemctl config check} prints (file, line, key, reason), instead of starting and failing on every
 * record. Shared by both daemons' tests.
 */
public final class BadConfigStart {
  private BadConfigStart() {}

  /** Runs {@code main} as {@code program} on a file of five bad values and checks what it says. */
  public static void assertRefusedLikeConfigCheck(String main, String program, Path dir)
      throws Exception {
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
            main,
            List.of("-f", file.toString()),
            root.env(),
            dir.resolve("out"),
            Duration.ofSeconds(30));

    assertThat(checked).hasSize(5);
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    for (String line : checked) {
      assertThat(r.output()).contains(program + ": error: " + line + "\n");
    }
    assertThat(r.output()).doesNotContain("Exception");
  }
}
