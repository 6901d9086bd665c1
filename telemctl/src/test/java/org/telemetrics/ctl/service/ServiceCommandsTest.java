package org.telemetrics.ctl.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.systemd.ProcessSystemctl;
import org.telemetrics.ctl.systemd.Systemctl;

class ServiceCommandsTest {
  static final List<String> STOP =
      List.of(
          "systemctl stop hprobe.timer",
          "systemctl stop telemprobd.socket",
          "systemctl stop telempostd.path",
          "systemctl stop hprobe.service",
          "systemctl stop telemprobd.service",
          "systemctl stop telempostd.service",
          "systemctl stop klogscanner.service",
          "systemctl stop pstoreprobe.service",
          "systemctl stop journalprobe.service",
          "systemctl stop crashprobe-coredump.service",
          "systemctl stop telemetrics-metrics.service");
  static final List<String> START =
      List.of(
          "systemctl start hprobe.timer",
          "systemctl start telemprobd.socket",
          "systemctl start telempostd.path",
          "systemctl is-enabled telemetrics-metrics.service",
          "systemctl is-enabled klogscanner.service",
          "systemctl is-enabled pstoreprobe.service",
          "systemctl is-enabled journalprobe.service",
          "systemctl is-enabled crashprobe-coredump.service");
  static final String SHOW = "show --property=LoadState,ActiveState,SubState ";

  @TempDir Path dir;

  @Test
  void stopStopsTriggersThenServicesOneByOne() {
    Ctl ctl = new Ctl(dir);
    Ctl.Run run = ctl.run("stop");
    assertThat(run.exitCode()).isZero();
    assertThat(ctl.systemctl.commands).isEqualTo(STOP);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aFailingUnitIsReportedAndTheOthersStillStop() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer(
        "stop telemprobd.socket",
        new Systemctl.Result(5, "", "Failed to stop telemprobd.socket: Unit not loaded.\n"));
    Ctl.Run run = ctl.run("stop");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(ctl.systemctl.commands).isEqualTo(STOP);
    assertThat(run.err())
        .isEqualTo(
            "Failed to stop telemprobd.socket: Unit not loaded.\n"
                + "Failed to stop telemprobd.socket. Continuing...\n");
  }

  @Test
  void startNeedsOptInThenStartsTriggersAndMakesDirectories() {
    Ctl ctl = new Ctl(dir);
    ctl.root.optOut();
    Ctl.Run refused = ctl.run("start");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("Opt in to telemetry first.\n");
    assertThat(ctl.systemctl.commands).isEmpty();

    ctl.root.optIn();
    Ctl.Run run = ctl.run("start");
    assertThat(run.exitCode()).isZero();
    assertThat(ctl.systemctl.commands).isEqualTo(START);
    assertThat(ctl.layout().stagingDir()).isDirectory();
    assertThat(ctl.layout().deadLetterDir()).isDirectory();
  }

  @Test
  void startStartsTheMetricsExporterOnlyWhereItIsEnabled() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer(
        "is-enabled telemetrics-metrics.service", new Systemctl.Result(1, "disabled\n", ""));
    assertThat(ctl.run("start").exitCode()).isZero();
    assertThat(ctl.systemctl.commands).isEqualTo(START);

    ctl.systemctl.commands.clear();
    ctl.systemctl.answer(
        "is-enabled telemetrics-metrics.service", new Systemctl.Result(0, "enabled\n", ""));
    assertThat(ctl.run("start").exitCode()).isZero();
    assertThat(ctl.systemctl.commands)
        .isEqualTo(
            List.of(
                "systemctl start hprobe.timer",
                "systemctl start telemprobd.socket",
                "systemctl start telempostd.path",
                "systemctl is-enabled telemetrics-metrics.service",
                "systemctl start telemetrics-metrics.service",
                "systemctl is-enabled klogscanner.service",
                "systemctl is-enabled pstoreprobe.service",
                "systemctl is-enabled journalprobe.service",
                "systemctl is-enabled crashprobe-coredump.service"));
  }

  @Test
  void startStartsEachSystemProbeOnlyWhereItIsEnabled() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer(
        "is-enabled klogscanner.service", new Systemctl.Result(0, "enabled\n", ""));
    ctl.systemctl.answer(
        "is-enabled pstoreprobe.service", new Systemctl.Result(1, "disabled\n", ""));
    ctl.systemctl.answer(
        "is-enabled journalprobe.service", new Systemctl.Result(0, "enabled-runtime\n", ""));
    ctl.systemctl.answer(
        "is-enabled crashprobe-coredump.service",
        new Systemctl.Result(1, "", "Failed to get unit file state: No such file\n"));
    ctl.systemctl.answer(
        "start journalprobe.service",
        new Systemctl.Result(1, "", "Job for journalprobe.service failed.\n"));

    Ctl.Run run = ctl.run("start");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(ctl.systemctl.commands)
        .isEqualTo(
            List.of(
                "systemctl start hprobe.timer",
                "systemctl start telemprobd.socket",
                "systemctl start telempostd.path",
                "systemctl is-enabled telemetrics-metrics.service",
                "systemctl is-enabled klogscanner.service",
                "systemctl start klogscanner.service",
                "systemctl is-enabled pstoreprobe.service",
                "systemctl is-enabled journalprobe.service",
                "systemctl start journalprobe.service",
                "systemctl is-enabled crashprobe-coredump.service"));
    assertThat(run.err())
        .isEqualTo(
            "Job for journalprobe.service failed.\n"
                + "Failed to start journalprobe.service. Continuing...\n");
  }

  @Test
  void isActiveSaysWhichSystemProbesAreOffBecauseTheyAreNotEnabled() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer(SHOW + "klogscanner.service", shown("loaded", "active", "running"));
    ctl.systemctl.answer(SHOW + "pstoreprobe.service", shown("loaded", "inactive", "dead"));
    ctl.systemctl.answer(
        "is-enabled pstoreprobe.service", new Systemctl.Result(0, "enabled\n", ""));
    ctl.systemctl.answer(SHOW + "journalprobe.service", shown("loaded", "inactive", "dead"));
    ctl.systemctl.answer(
        "is-enabled journalprobe.service", new Systemctl.Result(1, "disabled\n", ""));
    ctl.systemctl.answer(
        SHOW + "crashprobe-coredump.service", shown("not-found", "inactive", "dead"));

    assertThat(ctl.run("is-active").out())
        .endsWith(
            """
        klogscanner.service:         active (running)
        pstoreprobe.service:         inactive (dead)
        journalprobe.service:        inactive (not enabled)
        crashprobe-coredump.service: inactive (not installed)
        """);
  }

  @Test
  void anExporterThatFailsToStartFailsStartButTheTriggersStillStart() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer(
        "is-enabled telemetrics-metrics.service", new Systemctl.Result(0, "enabled\n", ""));
    ctl.systemctl.answer(
        "start telemetrics-metrics.service",
        new Systemctl.Result(1, "", "Job for telemetrics-metrics.service failed.\n"));
    Ctl.Run run = ctl.run("start");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(ctl.systemctl.commands).containsSubsequence(START);
    assertThat(run.err())
        .isEqualTo(
            "Job for telemetrics-metrics.service failed.\n"
                + "Failed to start telemetrics-metrics.service. Continuing...\n");
  }

  @Test
  void restartIsStopThenStart() {
    Ctl ctl = new Ctl(dir);
    assertThat(ctl.run("restart").exitCode()).isZero();
    assertThat(ctl.systemctl.commands).containsExactlyElementsOf(concat(STOP, START));
  }

  @Test
  void restartDoesNotStartWhenStopFailed() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer("stop hprobe.service", new Systemctl.Result(1, "", ""));
    Ctl.Run run = ctl.run("restart");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(ctl.systemctl.commands).isEqualTo(STOP);
    assertThat(run.err()).isEqualTo("Failed to stop hprobe.service. Continuing...\n");
  }

  @Test
  void mutatingCommandsNeedRoot() {
    Ctl ctl = new Ctl(dir);
    ctl.uid = 1000;
    for (String command : List.of("stop", "start", "restart")) {
      Ctl.Run run = ctl.run(command);
      assertThat(run.exitCode()).as(command).isEqualTo(1);
      assertThat(run.err()).isEqualTo("Must be root to run this command. Exiting...\n");
    }
    assertThat(ctl.systemctl.commands).isEmpty();
  }

  @Test
  void clearMessageWhenSystemdIsNotRunning() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.running = false;
    Ctl.Run run = ctl.run("stop");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "systemd is not running on this system: the telemetry services cannot be stopped.\n");
    assertThat(ctl.run("is-active").err()).contains("cannot be queried");
    assertThat(ctl.systemctl.commands).isEmpty();
  }

  private static Systemctl.Result shown(String load, String active, String sub) {
    return new Systemctl.Result(
        0, "LoadState=" + load + "\nActiveState=" + active + "\nSubState=" + sub + "\n", "");
  }

  @Test
  void isActiveReportsEachUnitSoAWaitingPathUnitIsNotAnActiveService() {
    Ctl ctl = new Ctl(dir);
    ctl.uid = 1000;
    String show = SHOW;
    ctl.systemctl.answer(show + "telemprobd.socket", shown("loaded", "active", "listening"));
    ctl.systemctl.answer(show + "telemprobd.service", shown("loaded", "active", "running"));
    ctl.systemctl.answer(show + "telempostd.path", shown("loaded", "active", "waiting"));
    ctl.systemctl.answer(show + "telempostd.service", shown("loaded", "inactive", "dead"));
    ctl.systemctl.answer(show + "telemprobd-recover.service", shown("loaded", "inactive", "dead"));
    ctl.systemctl.answer(
        show + "telemetrics-metrics.service", shown("loaded", "active", "running"));
    Ctl.Run run = ctl.run("is-active");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
        telemprobd.socket:           active (listening)
        telemprobd.service:          active (running)
        telempostd.path:             active (waiting)
        telempostd.service:          inactive (starts when records arrive)
        telemprobd-recover.service:  inactive (runs at boot when tmp/ holds records)
        telemetrics-metrics.service: active (running)
        klogscanner.service:         unknown
        pstoreprobe.service:         unknown
        journalprobe.service:        unknown
        crashprobe-coredump.service: unknown
        """);
    assertThat(ctl.systemctl.commands)
        .containsExactly(
            "systemctl " + show + "telemprobd.socket",
            "systemctl " + show + "telemprobd.service",
            "systemctl " + show + "telempostd.path",
            "systemctl " + show + "telempostd.service",
            "systemctl " + show + "telemprobd-recover.service",
            "systemctl " + show + "telemetrics-metrics.service",
            "systemctl " + show + "klogscanner.service",
            "systemctl " + show + "pstoreprobe.service",
            "systemctl " + show + "journalprobe.service",
            "systemctl " + show + "crashprobe-coredump.service");
  }

  @Test
  void isActiveSaysTheExporterIsOffWhenItIsNotEnabledAndFailedWhenItFailed() {
    Ctl ctl = new Ctl(dir);
    ctl.systemctl.answer(SHOW + "telemetrics-metrics.service", shown("loaded", "inactive", "dead"));
    ctl.systemctl.answer(
        "is-enabled telemetrics-metrics.service", new Systemctl.Result(1, "disabled\n", ""));
    assertThat(ctl.run("is-active").out())
        .contains("telemetrics-metrics.service: inactive (not enabled)\n");

    ctl.systemctl.answer(
        "is-enabled telemetrics-metrics.service", new Systemctl.Result(0, "enabled\n", ""));
    assertThat(ctl.run("is-active").out())
        .contains("telemetrics-metrics.service: inactive (dead)\n");

    ctl.systemctl.answer(SHOW + "telemetrics-metrics.service", shown("loaded", "failed", "failed"));
    assertThat(ctl.run("is-active").out()).contains("telemetrics-metrics.service: failed\n");
  }

  @Test
  void isActiveSaysAServiceIsStoppedWhenItsTriggerIsNotWaitingEither() {
    Ctl ctl = new Ctl(dir);
    String show = SHOW;
    ctl.systemctl.answer(show + "telemprobd.socket", shown("loaded", "failed", "failed"));
    ctl.systemctl.answer(show + "telemprobd.service", shown("loaded", "inactive", "dead"));
    ctl.systemctl.answer(show + "telempostd.path", shown("masked", "inactive", "dead"));
    ctl.systemctl.answer(show + "telempostd.service", shown("not-found", "inactive", "dead"));
    ctl.systemctl.answer(show + "telemprobd-recover.service", shown("loaded", "failed", "failed"));
    assertThat(ctl.run("is-active").out())
        .isEqualTo(
            """
        telemprobd.socket:           failed
        telemprobd.service:          inactive (dead)
        telempostd.path:             inactive (masked)
        telempostd.service:          inactive (not installed)
        telemprobd-recover.service:  failed
        telemetrics-metrics.service: unknown
        klogscanner.service:         unknown
        pstoreprobe.service:         unknown
        journalprobe.service:        unknown
        crashprobe-coredump.service: unknown
        """);
  }

  @Test
  void isActiveSaysUnknownWhenSystemctlSaysNothing() {
    Ctl ctl = new Ctl(dir);
    assertThat(ctl.run("is-active").out())
        .isEqualTo(
            """
        telemprobd.socket:           unknown
        telemprobd.service:          unknown
        telempostd.path:             unknown
        telempostd.service:          unknown
        telemprobd-recover.service:  unknown
        telemetrics-metrics.service: unknown
        klogscanner.service:         unknown
        pstoreprobe.service:         unknown
        journalprobe.service:        unknown
        crashprobe-coredump.service: unknown
        """);
  }

  @Test
  @Timeout(30)
  void theRealSystemctlIsWiredThroughTheSeam() {
    Systemctl.Result r = new ProcessSystemctl().run(List.of("--version"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("systemd ");
    Systemctl.Result missing =
        new ProcessSystemctl("/nonexistent/systemctl").run(List.of("--version"));
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.stderr()).contains("cannot run /nonexistent/systemctl");
    assertThat(Files.isDirectory(Path.of("/run/systemd/system")))
        .isEqualTo(new ProcessSystemctl().systemdRunning());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
