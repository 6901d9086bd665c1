package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.collector.BackendRules;
import org.telemetrics.collector.Collector;
import org.telemetrics.collector.CollectorOptions;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.log.Log;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * crashprobe-coredump, in its own JVM, takes a crash systemd-coredump logged (its journal entry
 * replayed with {@code --input}; a stand-in for {@code coredumpctl dump} streams a real core that
 * gdb made of a crashing C program) and its record goes through the real telemprobd and telempostd
 * to the local collector, which stores it only when it passes the public backend's checks. Needs
 * gcc and gdb (scripts/install-deps.sh installs them).
 */
class CoredumpIntakeDeliveryTest {
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final String MESSAGE_ID = "fc2e22bc6ee647b6b90729ab34a250b1";
  static final String CRASHME =
      """
      #define NOINLINE __attribute__((noinline, noclone))
      int *volatile target; /* NULL, hidden from the optimizer */
      NOINLINE void level2(int *p) { *p = 42; }
      NOINLINE void level1(int *p) { level2(p); __asm__ volatile(""); }
      int main(void) { level1(target); return 0; }
      """;

  @TempDir Path dir;

  @Test
  void aCrashTakenFromSystemdCoredumpIsStoredByTheBackendsRules() throws Exception {
    Path binary = dir.resolve("crashme");
    Files.writeString(dir.resolve("crashme.c"), CRASHME);
    exec(List.of("gcc", "-g", "-O0", "-o", binary.toString(), dir.resolve("crashme.c").toString()));
    Path core = dir.resolve("crashme.core");
    exec(
        List.of(
            "gdb",
            "-batch",
            "-nx",
            "-iex",
            "set debuginfod enabled off",
            "-ex",
            "run",
            "-ex",
            "generate-core-file " + core,
            "--args",
            binary.toString()));
    assertThat(core).as("gdb wrote the core").isRegularFile();
    Path coredumpctl = dir.resolve("coredumpctl");
    Files.writeString(coredumpctl, "#!/bin/sh\nexec cat " + core + "\n");
    Files.setPosixFilePermissions(coredumpctl, PosixFilePermissions.fromString("rwx------"));
    long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    Path journal =
        Files.writeString(
            dir.resolve("journal.json"),
            "{\"__CURSOR\":\"s=cd;i=1\","
                + "\"__REALTIME_TIMESTAMP\":\""
                + now
                + "\",\"MESSAGE_ID\":\""
                + MESSAGE_ID
                + "\","
                + "\"MESSAGE\":\"Process 4242 (crashme) dumped core.\",\"COREDUMP_PID\":\"4242\","
                + "\"COREDUMP_UID\":\"1000\",\"COREDUMP_GID\":\"1000\",\"COREDUMP_SIGNAL\":\"11\","
                + "\"COREDUMP_TIMESTAMP\":\""
                + (now - 5)
                + "\",\"COREDUMP_COMM\":\"crashme\","
                + "\"COREDUMP_EXE\":\""
                + binary
                + "\"}\n");
    Path stored = dir.resolve("collected.jsonl");

    try (PrintStream collectorLog =
            new PrintStream(
                Files.newOutputStream(dir.resolve("collector.log")), true, StandardCharsets.UTF_8);
        Collector collector =
            Collector.start(
                new CollectorOptions(
                    "127.0.0.1", 0, stored, null, BackendRules.DEFAULT_TID, 1 << 20),
                new Log("telemetrics-collector", collectorLog, Log.Level.INFO))) {
      TestRoot root = Daemons.root(dir.resolve("root"), collector.url());
      Files.setLastModifiedTime(
          root.layout().optInFile(),
          FileTime.from(Instant.now().minus(Duration.ofMinutes(1)))); // before the crash
      // privacy filters off: the program under the temporary directory is reported in full, not
      // as "Crash from third party"
      Path noFilters = root.config().path(ConfigKeys.NO_PRIVACY_FILTERS_FILE);
      Files.createDirectories(noFilters.getParent());
      Files.writeString(noFilters, "");
      try (Daemons daemons = Daemons.of(root).start()) {
        Map<String, String> env = new HashMap<>(root.env());
        env.put("CRASHPROBE_ALLOW_ROOT", "1"); // these tests may run as root
        JavaProcess.Result run =
            JavaProcess.run(
                "org.telemetrics.probes.crash.CoredumpFollower",
                List.of(
                    "--input",
                    journal.toString(),
                    "--coredumpctl",
                    coredumpctl.toString(),
                    "--state",
                    dir.resolve("cursor").toString()),
                env,
                dir.resolve("crashprobe-coredump.out"),
                TIMEOUT);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("reported as org.clearlinux/crash/");

        try {
          Awaitility.await()
              .atMost(TIMEOUT)
              .pollInterval(Duration.ofMillis(200))
              .until(() -> Files.exists(stored) && !Files.readAllLines(stored).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError(
              "the collector stored nothing\n" + run.output() + "\n" + daemons.outputs(), e);
        }
        List<String> lines = Files.readAllLines(stored);
        assertThat(lines)
            .singleElement()
            .satisfies(
                line -> {
                  Map<String, Object> r = JsonTree.object(JsonTree.parse(line));
                  assertThat((String) r.get("classification")).startsWith("org.clearlinux/crash/");
                  assertThat((String) r.get("payload"))
                      .startsWith("Process: " + binary + "\nPID: ")
                      .contains("Signal: 11\n")
                      .contains("level2")
                      .contains("level1");
                });
        assertThat(root.layout().deadLetterDir())
            .as("nothing the collector refused")
            .isEmptyDirectory();
      }
    }
  }

  private void exec(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("build.log").toFile())
            .start();
    assertThat(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(command.get(0)).isTrue();
    assertThat(p.exitValue())
        .as(command + ":\n" + Files.readString(dir.resolve("build.log")))
        .isZero();
  }
}
