package org.telemetrics.ctl.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;

/**
 * The {@code Crash source:} line of {@code telemctl status}: the intake crash_source chooses and
 * whether it is in effect, from the core_pattern under the root directory and the unit state of
 * crashprobe-coredump.service.
 */
class StatusCrashSourceTest {
  static final String SHOW = StatusCommandTest.SHOW;
  static final String SYSTEMD_COREDUMP =
      "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n";
  static final String CRASHPROBE = "|/usr/bin/crashprobe -p %e -E %E -s %s\n";

  @TempDir Path dir;

  private Ctl ctl(String crashSource, String corePattern) throws IOException {
    Ctl ctl = new Ctl(dir);
    ctl.root.set("crash_source", crashSource);
    Path file = ctl.root.dir().resolve("proc/sys/kernel/core_pattern");
    Files.createDirectories(file.getParent());
    Files.writeString(file, corePattern);
    return ctl;
  }

  private static String crashSourceLine(Ctl ctl) {
    Ctl.Run run = ctl.run("status");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out()
        .lines()
        .filter(l -> l.startsWith("Crash source:"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Crash source line:\n" + run.out()));
  }

  @Test
  void systemdCoredumpIsInEffectWhenItHoldsCorePatternAndTheFollowerRuns() throws Exception {
    Ctl ctl = ctl("systemd-coredump", SYSTEMD_COREDUMP);
    ctl.systemctl.answer(
        SHOW + "crashprobe-coredump.service", StatusCommandTest.shown("active", "running"));

    assertThat(crashSourceLine(ctl))
        .isEqualTo(
            "Crash source:       systemd-coredump, in effect "
                + "(kernel.core_pattern runs systemd-coredump; crashprobe-coredump.service active "
                + "(running))");
    assertThat(ctl.run("status", "--json").out())
        .contains(
            "\"crash_source\":{"
                + "\"source\":\"systemd-coredump\",\"in_effect\":true,\"reason\":\"kernel.core_pattern"
                + " runs systemd-coredump; crashprobe-coredump.service active (running)\"}");
  }

  @Test
  void systemdCoredumpIsNotInEffectWhileTheFollowerIsNotEnabled() throws Exception {
    Ctl ctl = ctl("systemd-coredump", SYSTEMD_COREDUMP);
    ctl.systemctl.answer(
        SHOW + "crashprobe-coredump.service", StatusCommandTest.shown("inactive", "dead"));

    assertThat(crashSourceLine(ctl))
        .isEqualTo(
            "Crash source:       systemd-coredump, not in "
                + "effect (kernel.core_pattern runs systemd-coredump; crashprobe-coredump.service "
                + "inactive (not enabled))");
  }

  @Test
  void systemdCoredumpIsNotInEffectWhenCrashprobeHoldsCorePattern() throws Exception {
    Ctl ctl = ctl("systemd-coredump", CRASHPROBE);
    ctl.systemctl.answer(
        SHOW + "crashprobe-coredump.service", StatusCommandTest.shown("active", "running"));

    assertThat(crashSourceLine(ctl))
        .isEqualTo(
            "Crash source:       systemd-coredump, not in "
                + "effect (kernel.core_pattern runs crashprobe, not systemd-coredump; set "
                + "crash_source=core_pattern to take crashes from it; crashprobe-coredump.service "
                + "active (running))");
  }

  @Test
  void withoutSystemdWhetherSystemdCoredumpIsInEffectIsUnknown() throws Exception {
    Ctl ctl = ctl("systemd-coredump", SYSTEMD_COREDUMP);
    ctl.systemctl.running = false;

    assertThat(crashSourceLine(ctl))
        .isEqualTo(
            "Crash source:       systemd-coredump, unknown "
                + "whether in effect (kernel.core_pattern runs systemd-coredump; "
                + "crashprobe-coredump.service unknown (systemd is not running))");
  }

  @Test
  void corePatternIsInEffectWhenItRunsCrashprobe() throws Exception {
    Ctl ctl = ctl("core_pattern", CRASHPROBE);

    assertThat(crashSourceLine(ctl))
        .isEqualTo(
            "Crash source:       core_pattern, in effect (kernel.core_pattern runs crashprobe)");
    assertThat(ctl.run("status", "--json").out())
        .contains(
            "\"crash_source\":{"
                + "\"source\":\"core_pattern\",\"in_effect\":true,"
                + "\"reason\":\"kernel.core_pattern runs crashprobe\"}");
  }

  @Test
  void corePatternIsNotInEffectWhenTheKernelWritesCoreFiles() throws Exception {
    Ctl ctl = ctl("core_pattern", "core\n");

    assertThat(crashSourceLine(ctl))
        .isEqualTo(
            "Crash source:       core_pattern, not in effect "
                + "(kernel.core_pattern writes core files, not crashprobe)");
  }
}
