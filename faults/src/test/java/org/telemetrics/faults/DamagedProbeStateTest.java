package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.probes.oops.KernelLines;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The position files of the following probes, damaged, under the real probe processes with a real
 * telemprobd: klogscanner's state, journalprobe's and crashprobe-coredump's journal cursors holding
 * garbage, cut short, empty, a directory in their place, or unreadable. Each probe must start, name
 * the file and say what it does, move it aside with a reason note, and resume where the damaged
 * file was last written: what was logged before that was handled already and is not sent again,
 * what was logged after it is sent (see docs/system-probes.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DamagedProbeStateTest {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);
  static final String MESSAGE_ID = "fc2e22bc6ee647b6b90729ab34a250b1";

  /** How a position file is damaged. */
  enum Harm {
    GARBAGE,
    TRUNCATED,
    EMPTY,
    DIRECTORY,
    UNREADABLE
  }

  @TempDir static Path dir;
  TestRoot root;
  DaemonProcess probd;
  String boot;

  @BeforeAll
  void startTelemprobd() throws IOException {
    root = Daemons.root(dir.resolve("root"), "http://127.0.0.1:9/");
    // opted in an hour ago: everything these tests log is from after it
    Files.setLastModifiedTime(
        root.layout().optInFile(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Daemons.of(root); // this boot's host snapshot
    probd = new DaemonProcess(DaemonProcess.Kind.PROBD, root.dir(), dir.resolve("probd.out"));
    probd.launch().awaitReady();
    boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
  }

  @AfterAll
  void stopTelemprobd() {
    if (probd != null) {
      probd.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Harm.class)
  void klogscannerResumesWhereItsDamagedStateWasLastWritten(Harm harm) throws Exception {
    Path caseDir = Files.createDirectories(dir.resolve("klog-" + harm));
    Path state = caseDir.resolve("state");
    List<String> kmsg = new ArrayList<>();
    oops(kmsg, "warn_on.txt"); // read and reported before the state was damaged
    Instant lastWritten = pause();
    damage(
        state,
        "klogscanner-state 1\nboot " + boot + "\nnext " + kmsg.size() + "\n",
        harm,
        lastWritten);
    pause();
    oops(kmsg, "irq.txt"); // logged after the last write: not reported yet
    Path fifo = caseDir.resolve("kmsg");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Set<String> before = stagedIds();

    Process scanner =
        probe(
            harm,
            caseDir.resolve("out"),
            "org.telemetrics.probes.klog.Klogscanner",
            "--kmsg",
            fifo.toString(),
            "--state",
            state.toString());
    try (OutputStream o = Files.newOutputStream(fifo)) {
      for (String r : kmsg) { // /dev/kmsg opened again starts at its oldest record
        o.write(r.getBytes(StandardCharsets.UTF_8));
        o.flush();
      }
    }
    String said = finish(scanner, caseDir.resolve("out"));

    assertThat(said)
        .contains("state file " + state + " is damaged (")
        .contains("moved to")
        .contains("reading the records logged after it was last written");
    assertThat(classifications(awaitStaged(before, said, " reported as ")))
        .as(said)
        .containsExactly("crash/kernel/warning");
    assertMovedAside(state, harm);
    assertThat(Files.readString(state)).startsWith("klogscanner-state 1\n");
  }

  @ParameterizedTest
  @EnumSource(Harm.class)
  void journalprobeResumesWhereItsDamagedCursorWasLastWritten(Harm harm) throws Exception {
    Path caseDir = Files.createDirectories(dir.resolve("journal-" + harm));
    Path cursor = caseDir.resolve("cursor");
    long lastWritten = micros(Instant.now());
    damage(cursor, "journalprobe-state 1\ncursor s=dm;i=1\n", harm, instant(lastWritten));
    String journalBoot = boot.replace("-", "");
    Path input =
        Files.writeString(
            caseDir.resolve("journal.json"),
            failed(1, lastWritten - 10_000_000, journalBoot, "old-" + harm + ".service")
                + failed(2, lastWritten + 2_000_000, journalBoot, "new-" + harm + ".service"));
    Set<String> before = stagedIds();

    String said =
        finish(
            probe(
                harm,
                caseDir.resolve("out"),
                "org.telemetrics.probes.journal.Journalprobe",
                "--input",
                input.toString(),
                "--state",
                cursor.toString()),
            caseDir.resolve("out"));

    assertThat(said)
        .contains(cursor + " is damaged (")
        .contains("moved to")
        .contains("reading the entries logged after it was last written");
    // journalprobe does not log a send: its records are told apart by their unit names
    String sent = "new-" + harm + ".service: Main process exited, code=exited, status=1/FAILURE\n";
    awaitStaged(before, said, 1);
    assertThat(newRecords(before))
        .extracting(TelemetryRecord::payload)
        .as(said)
        .filteredOn(p -> p.contains("-" + harm + ".service"))
        .containsExactly(sent);
    assertMovedAside(cursor, harm);
    assertThat(Files.readString(cursor)).isEqualTo("journalprobe-state 1\ncursor s=dm;i=2\n");
  }

  @ParameterizedTest
  @EnumSource(Harm.class)
  void crashprobeCoredumpResumesWhereItsDamagedCursorWasLastWritten(Harm harm) throws Exception {
    Path caseDir = Files.createDirectories(dir.resolve("coredump-" + harm));
    Path cursor = caseDir.resolve("cursor");
    long lastWritten = micros(Instant.now());
    damage(cursor, "crashprobe-coredump-state 1\ncursor s=cd;i=1\n", harm, instant(lastWritten));
    Path input =
        Files.writeString(
            caseDir.resolve("journal.json"),
            coredump(1, lastWritten - 10_000_000, 1111)
                + coredump(2, lastWritten + 2_000_000, 2222));
    // stands in for coredumpctl: says which dump was asked for, and has none to give
    Path calls = caseDir.resolve("calls");
    Path coredumpctl = caseDir.resolve("coredumpctl");
    Files.writeString(coredumpctl, "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
    Files.setPosixFilePermissions(coredumpctl, PosixFilePermissions.fromString("rwx------"));

    String said =
        finish(
            probe(
                harm,
                caseDir.resolve("out"),
                "org.telemetrics.probes.crash.CoredumpFollower",
                "--input",
                input.toString(),
                "--state",
                cursor.toString(),
                "--coredumpctl",
                coredumpctl.toString()),
            caseDir.resolve("out"));

    assertThat(said)
        .contains(cursor + " is damaged (")
        .contains("moved to")
        .contains("reading the crashes logged after it was last written");
    assertThat(Files.readString(calls))
        .as(said)
        .contains("COREDUMP_PID=2222")
        .doesNotContain("COREDUMP_PID=1111");
    assertMovedAside(cursor, harm);
    assertThat(Files.readString(cursor))
        .isEqualTo("crashprobe-coredump-state 1\ncursor s=cd;i=2\n");
  }

  /** Puts a damaged {@code file} in place, last written at {@code lastWritten}. */
  private static void damage(Path file, String valid, Harm harm, Instant lastWritten)
      throws IOException {
    switch (harm) {
      case GARBAGE -> Files.write(file, new byte[] {'k', 0, (byte) 0xff, '\n', 0x7f, 'x'});
      case TRUNCATED -> Files.writeString(file, valid.substring(0, valid.length() - 7));
      case EMPTY -> Files.write(file, new byte[0]);
      case DIRECTORY -> Files.writeString(Files.createDirectories(file).resolve("inside"), "x");
      case UNREADABLE -> Files.writeString(file, valid);
    }
    Files.setLastModifiedTime(file, FileTime.from(lastWritten));
    if (harm == Harm.UNREADABLE) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    }
  }

  /** A real probe process; an unreadable file stays unreadable to it even when run by root. */
  private Process probe(Harm harm, Path output, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (harm == Harm.UNREADABLE && "root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
    }
    command.addAll(
        List.of(
            JavaProcess.javaBinary(),
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(root.env());
    return pb.start();
  }

  /** Waits for the probe's exit, which must be 0; what it said. */
  private static String finish(Process p, Path output) throws Exception {
    boolean ended = p.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    String said = Files.readString(output);
    if (!ended) {
      p.destroyForcibly();
      throw new AssertionError("the probe did not end; it said:\n" + said);
    }
    assertThat(p.exitValue()).as(said).isZero();
    return said;
  }

  /** The damaged file (or directory) is kept beside the new one, with a note saying why. */
  private static void assertMovedAside(Path file, Harm harm) throws IOException {
    assertThat(file).as("a new one in its place").isRegularFile();
    try (var siblings = Files.list(file.getParent())) {
      List<Path> aside =
          siblings
              .filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .startsWith(file.getFileName() + DamagedFiles.DAMAGED_INFIX))
              .toList();
      assertThat(aside)
          .anySatisfy(p -> assertThat(p.toString()).endsWith(DamagedFiles.REASON_SUFFIX));
      Path moved =
          aside.stream()
              .filter(p -> !p.toString().endsWith(DamagedFiles.REASON_SUFFIX))
              .findFirst()
              .orElseThrow(() -> new AssertionError("not moved aside: " + aside));
      if (harm == Harm.DIRECTORY) {
        assertThat(moved.resolve("inside")).hasContent("x");
      } else {
        assertThat(moved).isRegularFile();
      }
    }
  }

  /** A moment between what a test logs before and after it, clearly apart from both. */
  private static Instant pause() throws InterruptedException {
    Thread.sleep(100); // file times are coarser than the monotonic clock
    return Instant.now();
  }

  private Set<String> stagedIds() throws IOException {
    Set<String> ids = new HashSet<>();
    for (SpoolEntry e : staged()) {
      ids.add(e.recordId());
    }
    return ids;
  }

  /** Every record telemprobd has staged (nothing moves them on: no telempostd runs). */
  private List<SpoolEntry> staged() throws IOException {
    return Daemons.spoolEntries(root.layout().stagingDir());
  }

  private List<TelemetryRecord> newRecords(Set<String> before) throws IOException {
    return staged().stream()
        .filter(e -> !before.contains(e.recordId()))
        .map(SpoolEntry::record)
        .toList();
  }

  /**
   * The records staged since {@code before}, once there are as many as the probe said it sent
   * (lines of {@code said} holding {@code sentMarker}): telemprobd stages after acknowledging.
   */
  private List<TelemetryRecord> awaitStaged(Set<String> before, String said, String sentMarker) {
    return awaitStaged(before, said, said.lines().filter(l -> l.contains(sentMarker)).count());
  }

  /** The records staged since {@code before}, once there are at least {@code sent}. */
  private List<TelemetryRecord> awaitStaged(Set<String> before, String said, long sent) {
    try {
      Awaitility.await()
          .atMost(PROBE_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> newRecords(before).size() >= sent);
      return newRecords(before);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "telemprobd did not stage the "
              + sent
              + " records sent:\n"
              + said
              + "\n"
              + probd.output(),
          e);
    }
  }

  private List<String> classifications(List<TelemetryRecord> records) {
    return records.stream().map(TelemetryRecord::classification).toList();
  }

  private static long micros(Instant t) {
    return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plusNanos(micros * 1000);
  }

  private static String failed(int n, long micros, String boot, String unit) {
    return "{\"__CURSOR\":\"s=dm;i="
        + n
        + "\",\"__REALTIME_TIMESTAMP\":\""
        + micros
        + "\",\"_BOOT_ID\":\""
        + boot
        + "\",\"PRIORITY\":\"5\",\"MESSAGE\":\""
        + unit
        + ": Main process exited, code=exited, status=1/FAILURE\",\"EXIT_CODE\":\"exited\","
        + "\"UNIT\":\""
        + unit
        + "\"}\n";
  }

  private static String coredump(int n, long micros, int pid) {
    return "{\"__CURSOR\":\"s=cd;i="
        + n
        + "\",\"__REALTIME_TIMESTAMP\":\""
        + micros
        + "\",\"MESSAGE_ID\":\""
        + MESSAGE_ID
        + "\",\"MESSAGE\":\"Process "
        + pid
        + " dumped core.\",\"COREDUMP_PID\":\""
        + pid
        + "\",\"COREDUMP_UID\":\"1000\","
        + "\"COREDUMP_GID\":\"1000\",\"COREDUMP_SIGNAL\":\"11\",\"COREDUMP_TIMESTAMP\":\""
        + (micros - 5)
        + "\",\"COREDUMP_COMM\":\"crashme\","
        + "\"COREDUMP_EXE\":\"/usr/bin/crashme\"}\n";
  }

  /** The oops of a vector as kernel records numbered on, stamped now on the monotonic clock. */
  private static void oops(List<String> kmsg, String vector) {
    for (String line : vector(vector).split("\n")) {
      kmsg.add(
          "4,"
              + kmsg.size()
              + ","
              + System.nanoTime() / 1000
              + ",-;"
              + KernelLines.normalize(line)
              + "\n");
    }
  }

  private static String vector(String name) {
    try (var in = DamagedProbeStateTest.class.getResourceAsStream("/oops/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
