package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.TestRoot;

/**
 * crashprobe-coredump with systemd-coredump's journal entries and a stand-in coredumpctl that
 * streams a real core: the same record as crashprobe from core_pattern.
 */
class CoredumpFollowerTest {
  static final String ID = CoredumpEntry.MESSAGE_ID;
  static final long T0 = 1_764_000_000_000_000L;

  @TempDir static Path build;
  static Path core;

  @TempDir Path dir;
  TestRoot root;
  RecordSink sink;
  Path input;
  Path state;
  Path coredumpctl;
  Path calls;
  final List<String> lines = new ArrayList<>();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void makeCore() {
    Path bin = CrashPrograms.compile("crashme.c", build, "crashme", "-O0");
    core = CrashPrograms.gdbCore(bin, build.resolve("c.core"));
  }

  @BeforeEach
  void start() throws IOException {
    root = TestRoot.create(dir.resolve("root"));
    Files.setLastModifiedTime(root.layout().optInFile(), FileTime.from(T0, TimeUnit.MICROSECONDS));
    sink = new RecordSink(root.layout().socketPath());
    input = dir.resolve("journal.json");
    state = dir.resolve("state/cursor");
    calls = dir.resolve("calls");
    coredumpctl = dir.resolve("coredumpctl");
    Files.writeString(coredumpctl, "#!/bin/sh\necho \"$*\" >> " + calls + "\ncat " + core + "\n");
    Files.setPosixFilePermissions(coredumpctl, PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void stop() throws IOException {
    sink.close();
  }

  private int run(String... extra) throws IOException {
    Files.writeString(input, String.join("", lines));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--state",
                state.toString(),
                "--coredumpctl",
                coredumpctl.toString(),
                "--input",
                input.toString()));
    args.addAll(List.of(extra));
    Map<String, String> env = new HashMap<>(root.env());
    env.put(Crashprobe.ALLOW_ROOT_ENV, "1");
    return new CoredumpFollower(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC))
        .run(args);
  }

  private void coredump(int n, long micros, String exe, int pid) {
    lines.add(
        "{\"__CURSOR\":\"s=c;i="
            + n
            + "\",\"__REALTIME_TIMESTAMP\":\""
            + micros
            + "\",\"MESSAGE_ID\":\""
            + ID
            + "\",\"MESSAGE\":\"Process "
            + pid
            + " dumped core.\","
            + "\"COREDUMP_PID\":\""
            + pid
            + "\",\"COREDUMP_UID\":\"1000\",\"COREDUMP_GID\":\"1000\","
            + "\"COREDUMP_SIGNAL\":\"11\",\"COREDUMP_TIMESTAMP\":\""
            + (micros - 5)
            + "\","
            + "\"COREDUMP_COMM\":\"crashme\",\"COREDUMP_EXE\":\""
            + exe
            + "\"}\n");
  }

  private int follow(String... args) {
    return new CoredumpFollower(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            root.env(),
            Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC))
        .run(List.of(args));
  }

  @Test
  void itFollowsTheJournalOnlyWhereCrashSourceIsSystemdCoredump() {
    String missing = dir.resolve("no-journalctl").toString();

    int byDefault = follow("--journalctl", missing);

    assertThat(byDefault).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("crash_source is core_pattern");

    root.set("crash_source", "systemd-coredump");
    int following = follow("--journalctl", missing);

    assertThat(following).as("journalctl was started").isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-journalctl");
  }

  @Test
  void theCursorFileComesFromTelemetricsConfWithoutState() throws IOException {
    Path configured = dir.resolve("configured/coredump-cursor");
    root.set("crash_coredump_cursor_file", configured.toString());
    coredump(9, T0 - 10, "/usr/bin/crashme", 4242); // before opt-in: passed over
    Files.writeString(input, String.join("", lines));

    assertThat(follow("--input", input.toString())).isZero();

    assertThat(Files.readString(configured)).contains("s=c;i=9");
  }

  @Test
  void aCrashSystemdCoredumpLoggedGivesCrashprobesBacktraceRecord() throws IOException {
    lines.add(
        "{\"__CURSOR\":\"s=c;i=0\",\"__REALTIME_TIMESTAMP\":\""
            + (T0 + 1)
            + "\",\"MESSAGE\":\"something else\"}\n");
    coredump(1, T0 + 10, "/usr/bin/crashme", 4242);

    int code = run();

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(sink.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.classification()).isEqualTo("org.clearlinux/crash/clr");
              assertThat(r.payload())
                  .startsWith("Process: /usr/bin/crashme\nPID: ")
                  .contains("Signal: 11\n");
              assertThat(ProbeRun.functions(r.payload(), 0))
                  .startsWith("level3", "level2", "level1");
            });
    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "dump --no-pager --quiet MESSAGE_ID="
                + ID
                + " COREDUMP_PID=4242 COREDUMP_TIMESTAMP="
                + (T0 + 5));
  }

  @Test
  void crashprobesPrivacyFiltersApply() throws IOException {
    coredump(1, T0 + 10, "/opt/demo/crashme", 4242);

    run();

    assertThat(sink.records())
        .singleElement()
        .satisfies(r -> assertThat(r.payload()).isEqualTo("Crash from third party\n"));
  }

  @Test
  void aRestartResumesAfterTheLastCrashAndOldCrashesAreNotSent() throws IOException {
    coredump(1, T0 - 10, "/usr/bin/crashme", 1); // before opt-in
    coredump(2, T0 + 10, "/usr/bin/crashme", 2);
    run();
    coredump(3, T0 + 20, "/usr/bin/crashme", 3);

    run();

    assertThat(sink.records())
        .extracting(r -> r.payload().lines().findFirst().orElseThrow())
        .containsOnly("Process: /usr/bin/crashme")
        .hasSize(2);
    assertThat(Files.readAllLines(calls)).hasSize(2).allMatch(c -> !c.contains("COREDUMP_PID=1 "));
    assertThat(Files.readString(state)).isEqualTo("crashprobe-coredump-state 1\ncursor s=c;i=3\n");
  }

  @Test
  void aCrashIsKeptForTheRestartWhenTelemprobdDoesNotAnswer() throws IOException {
    coredump(1, T0 + 10, "/usr/bin/crashme", 2);
    sink.close();
    Files.delete(root.layout().socketPath());
    root.set("probe_ack_timeout_ms", "300");
    int first;
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(root.layout().socketPath())); // never accepts
      first = run();
    }
    Files.delete(root.layout().socketPath());
    sink = new RecordSink(root.layout().socketPath());
    int second = run();

    assertThat(first).isEqualTo(75);
    assertThat(second).isZero();
    assertThat(sink.records()).hasSize(1);
  }

  @Test
  void journalctlFollowsThisBootsCoredumpEntriesOnlyNewOnesAtFirst() {
    String boot = "c3e74d79aa5f4a0c9e2b1d3f40506070";
    assertThat(CoredumpJournalCommands.follow("journalctl", Optional.empty(), boot))
        .containsExactly(
            "journalctl",
            "--output=json",
            "--follow",
            "--boot=" + boot,
            "--no-pager",
            "--lines=0",
            "MESSAGE_ID=" + ID);
    assertThat(CoredumpJournalCommands.follow("journalctl", Optional.of("s=c;i=3"), boot))
        .contains("--lines=all", "--after-cursor=s=c;i=3");
  }

  @Test
  void afterADamagedCursorJournalctlCatchesUpFromWhereTheCursorFileWasLastWritten() {
    assertThat(
            CoredumpJournalCommands.catchUp(
                "journalctl",
                Optional.empty(),
                Optional.of(Instant.ofEpochSecond(1_764_000_000L, 700_000_000))))
        .containsExactly(
            "journalctl", "--output=json", "--no-pager", "--since=@1764000000", "MESSAGE_ID=" + ID);
  }

  @Test
  void withoutAStoredCursorItFollowsThisBootFromTheJournalsNewestEntry() throws IOException {
    Path args = dir.resolve("journalctl-args");
    Path journalctl = dir.resolve("journalctl");
    // the newest entry for --lines=1; nothing when following
    Files.writeString(
        journalctl,
        "#!/bin/sh\necho \"$*\" >> "
            + args
            + "\n"
            + "case \"$*\" in *--lines=1*) echo '{\"__CURSOR\":\"s=n;i=9\",\"_BOOT_ID\":"
            + "\"c3e74d79aa5f4a0c9e2b1d3f40506070\",\"MESSAGE\":\"Started.\"}' ;; esac\n");
    Files.setPosixFilePermissions(journalctl, PosixFilePermissions.fromString("rwx------"));
    root.set("crash_source", "systemd-coredump");

    int code = follow("--state", state.toString(), "--journalctl", journalctl.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // not --lines=0: journalctl 252 then missed the first coredump entry logged after it
    assertThat(Files.readAllLines(args))
        .last()
        .isEqualTo(
            "--output=json --follow "
                + "--boot=c3e74d79aa5f4a0c9e2b1d3f40506070 --no-pager --lines=all "
                + "--after-cursor=s=n;i=9 MESSAGE_ID="
                + ID);
  }

  @Test
  void withAStoredCursorTheCrashesOfEveryBootAfterItComeFirstThenItFollows() throws IOException {
    coredump(1, T0 + 10, "/usr/bin/crashme", 4242);
    Files.writeString(input, String.join("", lines));
    Path args = dir.resolve("journalctl-args");
    Path journalctl = dir.resolve("journalctl");
    // prints the entry after the cursor once (the catch-up), nothing when following
    Files.writeString(
        journalctl,
        "#!/bin/sh\necho \"$*\" >> "
            + args
            + "\n"
            + "case \"$*\" in *--follow*) ;; *--after-cursor=*) cat "
            + input
            + " ;; esac\n");
    Files.setPosixFilePermissions(journalctl, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectories(state.getParent());
    Files.writeString(state, "crashprobe-coredump-state 1\ncursor s=c;i=0\n");
    root.set("crash_source", "systemd-coredump");
    Map<String, String> env = new HashMap<>(root.env());
    env.put(Crashprobe.ALLOW_ROOT_ENV, "1");

    int code =
        new CoredumpFollower(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC))
            .run(
                List.of(
                    "--state",
                    state.toString(),
                    "--coredumpctl",
                    coredumpctl.toString(),
                    "--journalctl",
                    journalctl.toString()));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(sink.records()).hasSize(1);
    List<String> calls = Files.readAllLines(args);
    assertThat(calls.get(0))
        .isEqualTo("--output=json --no-pager --after-cursor=s=c;i=0 " + "MESSAGE_ID=" + ID);
    assertThat(calls.get(calls.size() - 1))
        .contains("--follow", "--boot=", "--after-cursor=s=c;i=1");
  }
}
