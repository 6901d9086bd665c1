package org.telemetrics.ctl.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;

/** telemctl status says when telemetrics.conf was edited without a daemon-reload. */
class GeneratedDropInsTest {
  @TempDir Path dir;

  private Path generated() {
    return dir.resolve(GeneratedDropIns.DIR);
  }

  @Test
  void statusSaysWhichUnitsDoNotFollowAnEditYetAndNothingOnceTheyDo() throws Exception {
    Ctl ctl = new Ctl(dir);
    Files.createDirectories(generated()); // systemd ran the generators at its last reload
    assertThat(ctl.run("status").out()).doesNotContain("do not follow");

    ctl.root.set("socket_path", "/run/other-telem");
    String out = ctl.run("status").out();
    assertThat(out)
        .contains(
            "the units do not follow "
                + ctl.root.configFile()
                + " yet (telemprobd.socket): run systemctl daemon-reload, then telemctl restart");

    // the generator at the next daemon-reload (its file names another source: no matter)
    assertThat(
            ctl.run(
                    "-f",
                    ctl.root.configFile().toString(),
                    "units",
                    "--output",
                    generated().toString())
                .exitCode())
        .isZero();
    assertThat(ctl.run("status").out()).doesNotContain("do not follow");

    ctl.root.set("socket_path", "/run/telem-0"); // put back: the drop-in is stale now
    assertThat(ctl.run("status").out())
        .contains("do not follow " + ctl.root.configFile() + " yet (telemprobd.socket)");
  }

  @Test
  void aPrivateRootWithoutGeneratedUnitsGetsNoNote() {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("spool_dir", dir.resolve("elsewhere").toString());
    assertThat(ctl.run("status").out()).doesNotContain("do not follow");
    assertThat(GeneratedDropIns.staleNote(ctl.root.config(), dir)).isEmpty();
  }

  @Test
  void withoutSystemdThereIsNoNote() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.running = false;
    Files.createDirectories(generated());
    ctl.root.set("socket_path", "/run/other-telem");
    assertThat(ctl.run("status").out()).doesNotContain("do not follow");
  }
}
