package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/** The probe's decisions, run in this JVM against a fake telemprobd socket. */
@Timeout(120)
class CrashprobeTest {
  @TempDir static Path build;
  static byte[] core;

  @TempDir Path dir;
  TestRoot root;
  RecordSink sink;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  Instant now = Instant.parse("2026-11-30T10:00:00Z");

  @BeforeAll
  static void makeCore() throws IOException {
    Path bin = CrashPrograms.compile("crashme.c", build, "crashme", "-O0");
    core = Files.readAllBytes(CrashPrograms.gdbCore(bin, build.resolve("c.core")));
  }

  @BeforeEach
  void start() throws IOException {
    root = TestRoot.create(dir);
    sink = new RecordSink(root.layout().socketPath());
  }

  @AfterEach
  void stop() throws IOException {
    sink.close();
  }

  private int run(InputStream stdin, String... args) {
    Map<String, String> env = new HashMap<>(root.env());
    env.put(Crashprobe.ALLOW_ROOT_ENV, "1");
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    return new Crashprobe(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            clock)
        .run(List.of(args), stdin);
  }

  private static InputStream bytes(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void thirdPartyCrashesAreReportedWithoutReadingTheCore() {
    InputStream untouched =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("the core was read");
          }
        };

    int code = run(untouched, "-p", "crashme", "-E", "!opt!demo!crashme", "-s", "11");

    assertThat(code).isZero();
    TelemetryRecord r = sink.records().get(0);
    assertThat(r.classification()).isEqualTo("org.clearlinux/crash/unknown");
    assertThat(r.severity()).isEqualTo("2");
    assertThat(r.payload()).isEqualTo("Crash from third party\n");
  }

  @Test
  void buildChrootCrashesAreFlaggedAsInC() {
    int code = run(bytes(new byte[0]), "-p", "a.out", "-E", "!builddir!build!BUILD!pkg!a.out");

    assertThat(code).isZero();
    assertThat(sink.records().get(0).classification()).isEqualTo("org.clearlinux/crash/clr-build");
    assertThat(sink.records().get(0).payload()).isEqualTo("Crash from Clear package build\n");
  }

  @Test
  void theNoPrivacyFiltersFileLetsThirdPartyCrashesBeUnwound() throws IOException {
    Files.writeString(root.dir().resolve("etc/telemetrics/opt-in-no-privacy-filters"), "");

    int code = run(bytes(core), "-p", "crashme", "-E", "!opt!demo!crashme", "-s", "11");

    assertThat(code).as(stderr()).isZero();
    assertThat(sink.records().get(0).classification()).isEqualTo("org.clearlinux/crash/clr");
    assertThat(ProbeRun.functions(sink.records().get(0).payload(), 0))
        .startsWith("level3", "level2", "level1", "main");
  }

  @Test
  void deniedExecutablesSendNothing() {
    root.set("crash_deny", "/usr/bin/crash*");

    int code = run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme");

    assertThat(code).isZero();
    assertThat(sink.records()).isEmpty();
    assertThat(stderr()).contains("crashprobe: crash of /usr/bin/crashme ignored");
  }

  @Test
  void anExecutableMissingFromTheAllowListSendsNothing() {
    root.set("crash_allow", "/usr/sbin/*");

    assertThat(run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme")).isZero();
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void whenOptedOutNothingIsReadOrSent() {
    root.optOut();

    assertThat(run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme")).isZero();
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void garbageOnStandardInputGivesAnErrorRecord() {
    int code =
        run(
            bytes("this is not a core".getBytes(StandardCharsets.UTF_8)),
            "-p",
            "crashme",
            "-E",
            "!usr!bin!crashme",
            "-s",
            "11");

    assertThat(code).isZero();
    TelemetryRecord r = sink.records().get(0);
    assertThat(r.classification()).isEqualTo("org.clearlinux/crash/error");
    assertThat(r.severity()).isEqualTo("4");
    assertThat(r.payload())
        .startsWith(
            "Process: /usr/bin/crashme\nPID: 0\nSignal: 11\n" + "Error: Cannot read core: ");
    assertThat(stderr()).contains("crashprobe: error: cannot read the core");
  }

  @Test
  void aTruncatedCoreStillGivesWhatCanBeUnwound() {
    byte[] notesFirst = CoreFiles.notesFirst(core);
    byte[] cut = java.util.Arrays.copyOf(notesFirst, notesFirst.length / 2);

    int code = run(bytes(cut), "-p", "crashme", "-E", "!usr!bin!crashme");

    assertThat(code).isZero();
    assertThat(sink.records()).hasSize(1);
    assertThat(stderr()).contains("core truncated at byte");
  }

  @Test
  void aCrashLoopIsSummarizedAfterTheLimit() {
    root.set("crash_flood_limit", "2");
    for (int i = 0; i < 5; i++) {
      assertThat(run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme")).isZero();
    }
    assertThat(sink.records()).hasSize(2);

    now = now.plusSeconds(3601);
    assertThat(run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme")).isZero();

    List<TelemetryRecord> records = sink.records();
    assertThat(records).hasSize(4);
    TelemetryRecord summary = records.get(2);
    assertThat(summary.classification()).isEqualTo("org.clearlinux/crash/flood");
    assertThat(summary.payload())
        .contains("Process: /usr/bin/crashme\nSuppressed: 3\n")
        .contains("Window: 2026-11-30T10:00:00Z to 2026-11-30T11:00:00Z")
        .contains("Signature: level3@");
    assertThat(records.get(3).classification()).isEqualTo("org.clearlinux/crash/clr");
  }

  @Test
  void damagedCountersAreMovedAsideAndTheLimitHoldsAgain() throws Exception {
    root.set("crash_flood_limit", "1");
    Path state = root.config().path(ConfigKeys.CRASH_STATE_DIR);
    Files.createDirectories(state);
    Files.write(state.resolve("flood"), new byte[256 << 10]); // larger than the probe ever writes

    for (int i = 0; i < 3; i++) {
      assertThat(run(bytes(new byte[0]), "-p", "x", "-E", "!opt!x")).isZero();
    }

    assertThat(sink.records()).hasSize(1);
    try (var names = Files.list(state)) {
      assertThat(names.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("flood.damaged-") && !n.endsWith(".reason"));
    }
  }

  @Test
  void verbosePrintsThePayloadThatWasSent() {
    run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme", "-v");

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(sink.records().get(0).payload());
  }

  @Test
  void helpAndVersionGoToStandardOutputAndUsageErrorsToStandardError() {
    assertThat(run(bytes(new byte[0]), "-h")).isZero();
    assertThat(run(bytes(new byte[0]), "-V")).isZero();
    assertThat(run(bytes(new byte[0]), "-s", "11")).isEqualTo(2);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: crashprobe -p NAME")
        .endsWith("\ncrashprobe " + org.telemetrics.Version.number() + "\n");
    assertThat(stderr())
        .isEqualTo(
            "crashprobe: missing required option -p (--process-name)\n"
                + "Try 'crashprobe --help' for more information.\n");
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void withoutADaemonTheProbeFailsWithAClearLine() throws IOException {
    sink.close();
    Files.deleteIfExists(root.layout().socketPath());

    int code = run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme");

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("crashprobe: error: crash of /usr/bin/crashme not reported:");
  }

  private List<Path> keptCores() throws IOException {
    Path cores = root.dir().resolve("var/lib/telemetry/cores");
    if (!Files.isDirectory(cores)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> s = Files.list(cores)) {
      return s.sorted().toList();
    }
  }

  @Test
  void aKeptCoreIsTheWholeCoreGzippedAndPrivate() throws IOException {
    root.set("crash_core_keep", "true");

    int code =
        run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme", "-P", "77", "-t", "1795348588");

    assertThat(code).isZero();
    assertThat(sink.records()).hasSize(1);
    List<Path> kept = keptCores();
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).getFileName().toString())
        .isEqualTo("core.crashme.77.1795348588.core.gz");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(kept.get(0))))
        .isEqualTo("rw-------");
    try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(kept.get(0)))) {
      assertThat(in.readAllBytes()).isEqualTo(core);
    }
  }

  @Test
  void aCoreOverTheSizeLimitIsNotKeptButStillReported() throws IOException {
    root.set("crash_core_keep", "true").set("crash_core_max_kb", "1");

    assertThat(run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme")).isZero();

    assertThat(sink.records()).hasSize(1);
    assertThat(keptCores()).isEmpty();
    assertThat(stderr())
        .contains("crashprobe: warning: core not kept: its compressed size passed 1024");
  }

  @Test
  void theOldestKeptCoresMakeRoomForNewOnes() throws IOException {
    root.set("crash_core_keep", "true");
    run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme", "-t", "1");
    long one = Files.size(keptCores().get(0));
    root.set("crash_core_dir_max_kb", Long.toString(one * 3 / 2 / 1024));

    run(bytes(core), "-p", "crashme", "-E", "!usr!bin!crashme", "-t", "2");

    assertThat(keptCores())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("core.crashme.0.2.core.gz");
    assertThat(stderr()).contains("deleted kept core");
  }

  @Test
  void anAarch64CoreIsReportedAsUnsupportedInAnErrorRecord() {
    byte[] arm = core.clone();
    arm[18] = (byte) 183;
    arm[19] = 0;

    int code = run(bytes(arm), "-p", "crashme", "-E", "!usr!bin!crashme", "-s", "11");

    assertThat(code).isZero();
    TelemetryRecord r = sink.records().get(0);
    assertThat(r.classification()).isEqualTo("org.clearlinux/crash/error");
    assertThat(r.severity()).isEqualTo("4");
    assertThat(r.payload())
        .contains(
            "\nError: Unwinding is not supported on this architecture"
                + " (ELF machine 183, aarch64)\n");
  }

  @Test
  void aThirdPartyCrashLoopIsLimitedToo() {
    root.set("crash_flood_limit", "1");

    for (int i = 0; i < 3; i++) {
      assertThat(run(bytes(new byte[0]), "-p", "x", "-E", "!opt!x")).isZero();
    }

    assertThat(sink.records()).hasSize(1);
    assertThat(stderr()).contains("crash of /opt/x left out");
  }
}
