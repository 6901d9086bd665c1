package org.telemetrics.ctl.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each launcher of a tree is asked for its choice, as a real process, and read back. */
class ProgramRuntimesTest {
  @TempDir Path home;

  private void launcher(String name, String script) throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String explains(String program, String state, String why) {
    return """
        [ -n "$TELEMETRICS_EXPLAIN" ] || { echo started; exit 3; }
        cat <<'EOF'
        program=%s
        java=/jdks/25/bin/java
        java_home=/jdks/25
        java_version=25.0.3+9-LTS
        java_chosen_by=the newest JDK 17 or later in /jdks
        cache_kind=aot
        cache_file=/tree/lib/cds/25/%s.aot
        cache_state=%s
        cache_why=%s
        classpath=/tree/lib/a.jar
        EOF
        """
        .formatted(program, program, state, why);
  }

  @Test
  void readsEachLaunchersChoiceWithoutStartingTheProgram() throws Exception {
    launcher("hprobe", explains("hprobe", "used", ""));
    launcher("telemctl", explains("telemctl", "foreign", "made by the JDK 25.0.2 in /jdks/25"));
    launcher("crashprobe", "echo 'crashprobe: user telemetry does not exist' >&2; exit 1\n");

    List<ProgramRuntime> runtimes = ProgramRuntimes.of(home);

    assertThat(runtimes)
        .extracting(ProgramRuntime::program)
        .containsExactly("crashprobe", "hprobe", "telemctl");
    ProgramRuntime hprobe = runtimes.get(1);
    assertThat(hprobe.error()).isEmpty();
    assertThat(hprobe.jdk())
        .isEqualTo("Java 25.0.3+9-LTS in /jdks/25 (the newest JDK 17 or later in /jdks)");
    assertThat(hprobe.cache()).isEqualTo("AOT cache /tree/lib/cds/25/hprobe.aot");
    assertThat(runtimes.get(2).cache())
        .isEqualTo(
            "foreign AOT cache, not used: made by the "
                + "JDK 25.0.2 in /jdks/25 (/tree/lib/cds/25/telemctl.aot)");
    assertThat(runtimes.get(0).error()).contains("crashprobe: user telemetry does not exist");

    List<String> rows = new ArrayList<>();
    ProgramRuntimes.printText(runtimes, (name, value) -> rows.add(name + ": " + value));
    assertThat(rows)
        .containsExactly(
            "Java: Java 25.0.3+9-LTS in /jdks/25 (the newest JDK 17 or later in /jdks)",
            "Start-up cache: crashprobe: none: the launcher fails: crashprobe: user telemetry does "
                + "not exist",
            "Start-up cache: hprobe: AOT cache /tree/lib/cds/25/hprobe.aot",
            "Start-up cache: telemctl: foreign AOT cache, not used: made by the JDK 25.0.2 in "
                + "/jdks/25 (/tree/lib/cds/25/telemctl.aot)");
  }

  @Test
  void aMissingCacheSaysHowToBuildIt() {
    ProgramRuntime r =
        new ProgramRuntime(
            "hprobe",
            java.util.Optional.empty(),
            "/jdks/17",
            "17.0.15",
            "JAVA_HOME=/jdks/17",
            "appcds",
            "/t/lib/cds/17/hprobe.jsa",
            "missing",
            "none built (lib/telemetrics-cds hprobe builds one)");
    assertThat(r.cache())
        .isEqualTo("no AppCDS archive: none built (lib/telemetrics-cds hprobe builds one)");
  }

  @Test
  void noTreeNoRows() {
    // telemctl run in-process (as by the other tests) has no launcher behind it
    assertThat(System.getProperty(ProgramRuntimes.HOME_PROPERTY)).isNull();
    assertThat(ProgramRuntimes.ofThisTree()).isEmpty();
  }
}
