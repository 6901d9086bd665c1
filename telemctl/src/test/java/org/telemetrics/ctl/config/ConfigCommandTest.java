package org.telemetrics.ctl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.ctl.Ctl;

class ConfigCommandTest {
  @TempDir Path dir;

  @Test
  void printsEveryKeyWithItsValueAndOrigin() {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("server", "http://127.0.0.1:9/v3/collector");
    Ctl.Run run = ctl.run("config");
    assertThat(run.exitCode()).isZero();
    Path file = ctl.root.configFile();
    assertThat(run.out()).startsWith("# file: " + file + "\n# root: " + dir + "\n");
    assertThat(run.out())
        .contains(
            "server                         = http://127.0.0.1:9/v3/collector  (" + file + ":3)\n");
    assertThat(run.out()).contains("daemon_recycling_enabled       = false  (" + file + ":2)\n");
    assertThat(run.out()).contains("record_expiry                  = 1200  (default)\n");
    assertThat(run.out())
        .contains("spool_dir                      = " + dir + "/var/spool/telemetry  (default)\n");
    assertThat(run.out().lines().filter(l -> !l.startsWith("#")).count())
        .isEqualTo(ConfigKeys.all().size());
  }

  @Test
  void explicitFileWinsAndMissingFileMeansDefaults() throws Exception {
    Ctl ctl = new Ctl(dir);
    Files.delete(ctl.root.configFile());
    assertThat(ctl.run("config").out()).startsWith("# file: none (built-in defaults)\n");
    Path other = dir.resolve("other.conf");
    Files.writeString(other, "[settings]\nrecord_expiry=5\n");
    Ctl.Run run = ctl.run("-f", other.toString(), "config");
    assertThat(run.out()).contains("record_expiry                  = 5  (" + other + ":2)\n");
  }

  @Test
  void checkReportsEveryErrorWithItsLine() throws Exception {
    Ctl ctl = new Ctl(dir);
    Path bad = dir.resolve("bad.conf");
    Files.writeString(
        bad,
        "[settings]\nserver=http://x\nrecord_expiry=soon\nnot a pair\n"
            + "spool_dir=relative/path\nfrobnicate=1\n[broken\n");
    Ctl.Run run = ctl.run("config", "check", bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            bad
                + ":3: record_expiry: \"soon\" is not a whole number\n"
                + bad
                + ":4: expected key=value notation\n"
                + bad
                + ":5: spool_dir: \"relative/path\" is not an absolute path\n"
                + bad
                + ":6: unknown key \"frobnicate\"\n"
                + bad
                + ":7: expected closing ']' for section\n"
                + bad
                + ": 5 errors\n");

    Path good = dir.resolve("good.conf");
    Files.writeString(good, "[settings]\nserver=http://x\n");
    Ctl.Run ok = ctl.run("config", "check", good.toString());
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).isEqualTo(good + ": OK\n");

    Ctl.Run missing = ctl.run("config", "check", dir.resolve("nope.conf").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).startsWith(dir.resolve("nope.conf") + ": no such file\n");
  }

  @Test
  void checkRefusesValuesOfTheRightTypeThatCannotWork() throws Exception {
    Ctl ctl = new Ctl(dir);
    Path bad = dir.resolve("bad.conf");
    Files.writeString(
        bad,
        "[settings]\n"
            + "server=file:///etc/passwd\n"
            + "server=http://[::1\n"
            + "tidheader=X-Telemetry-TID: abc\rX-Injected: 1\n"
            + "tidheader=NoColonHere\n"
            + "spool_max_size=-5\n");

    Ctl.Run run = ctl.run("config", "check", bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            bad
                + ":2: server: \"file:///etc/passwd\" is not an http or https URL\n"
                + bad
                + ":3: server: \"http://[::1\" is not a URL: Expected closing bracket for"
                + " IPv6 address at index 11: http://[::1\n"
                + bad
                + ":4: tidheader: the value of header X-Telemetry-TID contains the character"
                + " U+000D (only visible ASCII, spaces and tabs)\n"
                + bad
                + ":5: tidheader: \"NoColonHere\" is not a header line \"Name: value\"\n"
                + bad
                + ":6: spool_max_size: value -5 is out of range: -1 (unlimited) or"
                + " 0..9007199254740991\n"
                + bad
                + ": 5 errors\n");
  }
}
