package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/**
 * crashprobe on real cores of small C programs, fed through a pipe as the kernel does, with the
 * record checked as telemprobd receives it.
 */
@Timeout(300)
class CrashprobeRealCoreTest {
  @TempDir static Path build;
  static Path crashme;
  static Path crashmeCore;

  @TempDir Path dir;
  TestRoot root;
  RecordSink sink;

  @BeforeAll
  static void buildPrograms() {
    crashme = CrashPrograms.compile("crashme.c", build, "crashme", "-O0");
    crashmeCore = CrashPrograms.gdbCore(crashme, build.resolve("crashme.core"));
  }

  @BeforeEach
  void startSink() throws IOException {
    root = TestRoot.create(dir);
    sink = new RecordSink(root.layout().socketPath());
  }

  @AfterEach
  void stopSink() throws IOException {
    sink.close();
    assertThat(sink.errors()).isEmpty();
  }

  private TelemetryRecord onlyRecord() {
    assertThat(sink.records()).hasSize(1);
    return sink.records().get(0);
  }

  @Test
  void singleThreadCoreFromGdbGivesTheCrashingFunctionsInOrder() throws IOException {
    ProbeRun.Result r =
        ProbeRun.run(root, crashmeCore, "-p", "crashme", "-E", "!usr!bin!crashme", "-s", "11");

    assertThat(r.exitCode()).as(r.output()).isZero();
    TelemetryRecord rec = onlyRecord();
    assertThat(rec.classification()).isEqualTo("org.clearlinux/crash/clr");
    assertThat(rec.severity()).isEqualTo("3");
    assertThat(rec.payload())
        .startsWith("Process: /usr/bin/crashme\nPID: ")
        .contains("\nSignal: 11\n\nBacktrace (TID ");
    assertThat(ProbeRun.functions(rec.payload(), 0))
        .startsWith("level3", "level2", "level1", "main")
        .endsWith("_start");
    assertThat(rec.payload())
        .containsPattern(
            "#0 level3\\(\\) - \\[" + crashme + "\\] - " + build.resolve("crashme.c") + ":\\d+\n");
    assertThat(rec.payload()).contains("__libc_start_main");
  }

  @Test
  void twoThreadCoreFromTheKernelPutsTheCrashingThreadFirst() throws IOException {
    Path core = CrashPrograms.kernelCore(crashme, build, "1");

    ProbeRun.Result r =
        ProbeRun.run(root, core, "-p", "crashme", "-E", "!usr!bin!crashme", "-s", "11");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String payload = onlyRecord().payload();
    assertThat(ProbeRun.functions(payload, 0)).startsWith("level3", "level2", "level1", "main");
    assertThat(ProbeRun.functions(payload, 1)).contains("idle_thread");
    assertThat(ProbeRun.functions(payload, 1).get(0)).isEqualTo("pause");
  }

  @Test
  void severalThreadsReportTheFaultingWorkerFirstAndEveryThread() throws IOException {
    Path bin = CrashPrograms.compile("threads.c", build, "threads", "-O0");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("threads.core"));

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "threads", "-E", "!usr!bin!threads");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String payload = onlyRecord().payload();
    assertThat(ProbeRun.functions(payload, 0)).startsWith("worker_fault", "worker_step", "worker");
    assertThat(payload.split("Backtrace \\(TID ", -1)).hasSize(6);
    long sleepers =
        java.util.stream.IntStream.range(1, 5)
            .filter(i -> ProbeRun.functions(payload, i).contains("sleeper"))
            .count();
    assertThat(sleepers).isEqualTo(3);
  }

  @Test
  void deepRecursionStopsAtSixtyFourFramesAndSaysSo() throws IOException {
    Path bin = CrashPrograms.compile("recurse.c", build, "recurse", "-O0");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("recurse.core"));

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "recurse", "-E", "!usr!bin!recurse");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String payload = onlyRecord().payload();
    assertThat(payload).contains("\nToo many frames. Backtrace truncated.\n");
    assertThat(ProbeRun.functions(payload, 0)).hasSize(64).containsOnly("recurse");
  }

  @Test
  void optimizedCodeWithoutFramePointersUnwindsByCfi() throws IOException {
    Path bin =
        CrashPrograms.compile("crashme.c", build, "crashme-o2", "-O2", "-fomit-frame-pointer");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("crashme-o2.core"));

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "crashme-o2", "-E", "!usr!bin!crashme");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(ProbeRun.functions(onlyRecord().payload(), 0))
        .startsWith("level3", "level2", "level1", "main");
  }

  @Test
  void strippedBinaryIsNamedFromItsSeparateDebugFileByBuildId() throws IOException {
    Path bin =
        CrashPrograms.compile("crashme.c", build, "crashme-stripped", "-O0", "-Wl,--build-id");
    Path debug = build.resolve("crashme-stripped.debug");
    CrashPrograms.run(
        List.of("objcopy", "--only-keep-debug", bin.toString(), debug.toString()), build);
    CrashPrograms.run(List.of("strip", "--strip-all", bin.toString()), build);
    Path core = CrashPrograms.gdbCore(bin, build.resolve("crashme-stripped.core"));

    ProbeRun.Result bare = ProbeRun.run(root, core, "-p", "crashme", "-E", "!usr!bin!crashme");
    String id = org.telemetrics.probes.crash.elf.ElfFile.open(bin).buildId().orElseThrow();
    Path installed =
        root.dir()
            .resolve(
                "usr/lib/debug/.build-id/" + id.substring(0, 2) + "/" + id.substring(2) + ".debug");
    Files.createDirectories(installed.getParent());
    Files.copy(debug, installed);
    ProbeRun.Result named = ProbeRun.run(root, core, "-p", "crashme", "-E", "!usr!bin!crashme");

    assertThat(bare.exitCode()).as(bare.output()).isZero();
    assertThat(named.exitCode()).as(named.output()).isZero();
    String without = sink.records().get(0).payload();
    String with = sink.records().get(1).payload();
    assertThat(ProbeRun.functions(without, 0).subList(0, 4)).containsOnly("???");
    assertThat(ProbeRun.modules(without, 0).get(0)).isEqualTo(bin.toString());
    assertThat(without).contains("__libc_start_main");
    assertThat(ProbeRun.functions(with, 0)).startsWith("level3", "level2", "level1", "main");
    assertThat(with).containsPattern("#0 level3\\(\\) - \\[[^]]+\\] - .*crashme.c:\\d+\n");
  }

  @Test
  void abortInsideLibcShowsTheLibcFramesAboveTheCaller() throws IOException {
    Path bin = CrashPrograms.compile("aborts.c", build, "aborts", "-O0");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("aborts.core"));

    ProbeRun.Result r =
        ProbeRun.run(root, core, "-p", "aborts", "-E", "!usr!bin!aborts", "-s", "6");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String payload = onlyRecord().payload();
    assertThat(payload).contains("\nSignal: 6\n");
    List<String> functions = ProbeRun.functions(payload, 0);
    assertThat(functions).containsSubsequence("abort", "do_abort", "main");
    assertThat(ProbeRun.modules(payload, 0).get(0)).isEqualTo("libc.so.6");
  }

  @Test
  void everyFrameLineMatchesTheBackendsFramePattern() throws IOException {
    ProbeRun.run(root, crashmeCore, "-p", "crashme", "-E", "!usr!bin!crashme", "-s", "11");

    String payload = onlyRecord().payload();
    for (String line : payload.split("\n")) {
      if (line.startsWith("#")) {
        assertThat(line).matches(ProbeRun.FRAME);
      }
    }
  }

  @Test
  void unwindingCrossesTheSignalFrameOfAHandler() throws IOException {
    Path bin = CrashPrograms.compile("sighandler.c", build, "sighandler", "-O0");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("sighandler.core"));

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "sighandler", "-E", "!usr!bin!sighandler");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(ProbeRun.functions(onlyRecord().payload(), 0))
        .startsWith("crash_in_handler", "handler")
        .containsSubsequence("crash_in_handler", "handler", "raise", "send_signal", "main");
  }

  @Test
  void aConfiguredDebuginfoWaitPicksUpSymbolsInstalledMeanwhile() throws Exception {
    Path bin = CrashPrograms.compile("crashme.c", build, "crashme-late", "-O0", "-Wl,--build-id");
    Path debug = build.resolve("crashme-late.debug");
    CrashPrograms.run(
        List.of("objcopy", "--only-keep-debug", bin.toString(), debug.toString()), build);
    CrashPrograms.run(List.of("strip", "--strip-all", bin.toString()), build);
    Path core = CrashPrograms.gdbCore(bin, build.resolve("crashme-late.core"));
    String id = org.telemetrics.probes.crash.elf.ElfFile.open(bin).buildId().orElseThrow();
    Path installed =
        root.dir()
            .resolve(
                "usr/lib/debug/.build-id/" + id.substring(0, 2) + "/" + id.substring(2) + ".debug");
    root.set("crash_debuginfo_wait_s", "3");
    Thread installer =
        new Thread(
            () -> {
              try {
                Thread.sleep(1000);
                Files.createDirectories(installed.getParent());
                Files.copy(debug, installed);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    installer.start();

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "crashme", "-E", "!usr!bin!crashme");
    installer.join();

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("waiting 3 s for debug information");
    assertThat(ProbeRun.functions(onlyRecord().payload(), 0))
        .startsWith("level3", "level2", "level1", "main");
  }

  @Test
  void aBinaryReplacedSinceTheCrashIsNotUsedToNameFrames() throws IOException {
    Path bin =
        CrashPrograms.compile("crashme.c", build, "crashme-replaced", "-O0", "-Wl,--build-id");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("crashme-replaced.core"));
    Files.delete(bin);
    CrashPrograms.compile("recurse.c", build, "crashme-replaced", "-O0", "-Wl,--build-id");

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "crashme", "-E", "!usr!bin!crashme");

    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> functions = ProbeRun.functions(onlyRecord().payload(), 0);
    assertThat(functions.get(0)).isEqualTo("???");
    assertThat(functions).doesNotContain("recurse");
    assertThat(r.output()).contains("build id differs from the crashed process's");
  }

  @Test
  void codeWithOnlyDebugFrameUnwindsByIt() throws IOException {
    Path bin =
        CrashPrograms.compile(
            "crashme.c",
            build,
            "crashme-df",
            "-O2",
            "-fomit-frame-pointer",
            "-fno-asynchronous-unwind-tables",
            "-fno-unwind-tables");
    Path core = CrashPrograms.gdbCore(bin, build.resolve("crashme-df.core"));

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "crashme-df", "-E", "!usr!bin!crashme");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(ProbeRun.functions(onlyRecord().payload(), 0))
        .startsWith("level3", "level2", "level1", "main");
  }

  @Test
  void framesInTheVdsoAreNamedFromItsImageInTheCore() throws IOException {
    Path bin = CrashPrograms.compile("vdso.c", build, "vdso", "-O0");
    Path core = build.resolve("vdso.core");
    String gdb = CrashPrograms.gdbCoreAt(bin, core, "__vdso_clock_gettime");
    assumeTrue(Files.isRegularFile(core), "gdb could not stop inside the vDSO here:\n" + gdb);

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "vdso", "-E", "!usr!bin!vdso");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String payload = onlyRecord().payload();
    assertThat(ProbeRun.modules(payload, 0).get(0)).isEqualTo("linux-vdso.so.1");
    assertThat(ProbeRun.functions(payload, 0).get(0)).contains("clock_gettime");
    assertThat(ProbeRun.functions(payload, 0)).containsSubsequence("in_clock", "main");
  }

  @Test
  void withGlibcDebugFilesLibcFramesGetTheirNamesAndLinesAsInTheCProbe() throws IOException {
    String libcId = null;
    for (String lib : List.of("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib64/libc.so.6")) {
      if (Files.isRegularFile(Path.of(lib))) {
        libcId = org.telemetrics.probes.crash.elf.ElfFile.open(Path.of(lib)).buildId().orElse(null);
        break;
      }
    }
    Path system = Path.of("/usr/lib/debug");
    assumeTrue(
        libcId != null
            && Files.isRegularFile(
                system.resolve(
                    ".build-id/" + libcId.substring(0, 2) + "/" + libcId.substring(2) + ".debug")),
        "glibc's debug file is not installed (Debian: libc6-dbg)");
    Files.createDirectories(root.dir().resolve("usr/lib"));
    Files.createSymbolicLink(root.dir().resolve("usr/lib/debug"), system);
    Path core = build.resolve("crashme-2t.core");
    if (!Files.exists(core)) {
      CrashPrograms.gdbCore(crashme, core, "1");
    }

    ProbeRun.Result r =
        ProbeRun.run(root, core, "-p", "crashme", "-E", "!usr!bin!crashme", "-s", "11");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String payload = onlyRecord().payload();
    assertThat(payload)
        .containsPattern(
            "\n#4 __libc_start_call_main\\(\\) - \\[libc.so.6\\] - "
                + "\\.\\./sysdeps/nptl/libc_start_call_main.h:\\d+\n")
        .containsPattern(
            "\n#5 __libc_start_main@@GLIBC_2.34\\(\\) - \\[libc.so.6\\] - "
                + "\\.\\./csu/libc-start.c:\\d+\n")
        .containsPattern("\n#0 pause\\(\\) - \\[libc.so.6\\] - .*pause.c:\\d+\n")
        .containsPattern(
            "\n#2 start_thread\\(\\) - \\[libc.so.6\\] - " + ".*pthread_create.c:\\d+\n")
        .containsPattern("\n#3 __clone3\\(\\) - \\[libc.so.6\\] - .*clone3.S:\\d+\n");
  }

  @Test
  void aCoreMadeByGcoreOfAStoppedProcessIsUnwound() throws IOException {
    Path bin = CrashPrograms.compile("stopme.c", build, "stopme", "-O0");
    Path core = CrashPrograms.gcoreOfStopped(bin, build);

    ProbeRun.Result r = ProbeRun.run(root, core, "-p", "stopme", "-E", "!usr!bin!stopme");

    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> functions = ProbeRun.functions(onlyRecord().payload(), 0);
    assertThat(functions).containsSubsequence("raise", "park", "wait_here", "main");
    assertThat(ProbeRun.modules(onlyRecord().payload(), 0).get(0)).isEqualTo("libc.so.6");
  }
}
