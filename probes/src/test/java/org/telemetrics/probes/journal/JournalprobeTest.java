package org.telemetrics.probes.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.klog.FrameSink;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/** journalprobe on journalctl-shaped input, sending to a real probe socket. */
class JournalprobeTest {
  static final String BOOT = "0f3c2a849d6e4b8aa1c75e2f9b0d4c61";
  static final long T0 = 1_764_000_000_000_000L; // µs since the epoch

  @TempDir Path dir;
  TestRoot root;
  FrameSink sink;
  Path input;
  Path state;
  final List<String> lines = new ArrayList<>();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    root = TestRoot.create(dir.resolve("root"));
    optedInAt(T0);
    sink = new FrameSink(root.layout().socketPath());
    input = dir.resolve("journal.json");
    state = dir.resolve("state/journalprobe");
  }

  @AfterEach
  void stop() throws IOException {
    sink.close();
  }

  private void optedInAt(long micros) throws IOException {
    root.optIn();
    Files.setLastModifiedTime(
        root.layout().optInFile(), FileTime.from(micros, TimeUnit.MICROSECONDS));
  }

  private int run(String... extra) throws IOException {
    Files.writeString(input, String.join("", lines));
    List<String> args = new ArrayList<>(List.of("--state", state.toString()));
    if (!List.of(extra).contains("--journalctl")) {
      args.addAll(List.of("--input", input.toString()));
    }
    args.addAll(List.of(extra));
    return new Journalprobe(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            root.env(),
            Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC),
            () -> BOOT)
        .run(args);
  }

  /** An entry as journalctl -o json prints it. */
  private void entry(int n, long micros, String boot, String message, String extra) {
    lines.add(
        "{\"__CURSOR\":\"s=abc;i="
            + n
            + "\",\"__REALTIME_TIMESTAMP\":\""
            + micros
            + "\",\"_BOOT_ID\":\""
            + boot
            + "\",\"PRIORITY\":\"5\",\"MESSAGE\":\""
            + message
            + "\""
            + extra
            + "}\n");
  }

  private void failed(int n, long micros, String unit) {
    entry(
        n,
        micros,
        BOOT,
        unit + ": Main process exited, code=exited, status=1/FAILURE",
        ",\"EXIT_CODE\":\"exited\",\"UNIT\":\"" + unit + "\"");
  }

  private List<String> payloads() {
    return sink.records().stream().map(TelemetryRecord::payload).toList();
  }

  @Test
  void sendsOneRecordPerFailedServiceWithTheMessageAlone() throws IOException {
    failed(1, T0 + 1, "a.service");
    entry(2, T0 + 2, BOOT, "an ordinary line", "");
    failed(3, T0 + 3, "b.service");

    int code = run();

    assertThat(code).isZero();
    // the C probe sent "MESSAGE=a.service: ..." (the field name included)
    assertThat(payloads())
        .containsExactly(
            "a.service: Main process exited, code=exited, status=1/FAILURE\n",
            "b.service: Main process exited, code=exited, status=1/FAILURE\n");
    assertThat(sink.records())
        .extracting(TelemetryRecord::classification)
        .containsOnly("org.clearlinux/journal/error");
    assertThat(sink.records()).extracting(TelemetryRecord::severity).containsOnly("2");
  }

  @Test
  void theCursorFileComesFromTelemetricsConfWithoutState() throws IOException {
    Path configured = dir.resolve("configured/journal-cursor");
    root.set("journalprobe_cursor_file", configured.toString());
    failed(7, T0 + 1, "a.service");
    Files.writeString(input, String.join("", lines));

    int code =
        new Journalprobe(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                root.env(),
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC),
                () -> BOOT)
            .run(List.of("--input", input.toString()));

    assertThat(code).isZero();
    assertThat(Files.readString(configured)).isEqualTo("journalprobe-state 1\ncursor s=abc;i=7\n");
  }

  @Test
  void entriesOfAnotherBootAreNotSent() throws IOException {
    entry(1, T0 + 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "old boot", ",\"EXIT_CODE\":\"exited\"");

    run();

    assertThat(sink.records()).isEmpty();
  }

  @Test
  void aRestartResumesAfterTheStoredCursor() throws IOException {
    failed(1, T0 + 1, "a.service");
    run();
    failed(2, T0 + 2, "b.service");

    run(); // the input starts at the beginning again, as the journal does

    assertThat(payloads()).hasSize(2);
    assertThat(payloads().get(1)).startsWith("b.service");
    assertThat(Files.readString(state)).isEqualTo("journalprobe-state 1\ncursor s=abc;i=2\n");
  }

  @Test
  void nothingFromBeforeOptInNorFromAnOptedOutTimeIsEverSent() throws IOException {
    failed(1, T0 - 5, "before-opt-in.service");
    failed(2, T0 + 1, "opted-in.service");
    run();
    root.optOut();
    failed(3, T0 + 100, "while-opted-out.service");
    run();
    optedInAt(T0 + 200); // the C probe sent entry 3 after this

    failed(4, T0 + 300, "opted-in-again.service");
    run();

    assertThat(payloads())
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactly("opted-in.service", "opted-in-again.service");
  }

  @Test
  void withoutPrivacyFiltersErrorsAreSentToo() throws IOException {
    entry(1, T0 + 1, BOOT, "disk failure", ",\"PRIORITY\":\"3\"");
    lines.set(0, lines.get(0).replace("\"PRIORITY\":\"5\",", ""));
    run();
    assertThat(sink.records()).isEmpty();
    Files.createDirectories(root.layout().noPrivacyFiltersFile().getParent());
    Files.writeString(root.layout().noPrivacyFiltersFile(), "");
    Files.delete(state);

    run();

    assertThat(payloads()).containsExactly("disk failure\n");
  }

  @Test
  void aFailedSendEndsTheRunAndTheRestartSendsIt() throws IOException {
    failed(1, T0 + 1, "a.service");
    sink.close();
    Files.delete(root.layout().socketPath());

    int first = run();
    sink = new FrameSink(root.layout().socketPath());
    int second = run();

    assertThat(first).isEqualTo(75);
    assertThat(second).isZero();
    assertThat(payloads()).hasSize(1);
  }

  @Test
  void aDamagedStateIsMovedAsideAndTheRunResumesWhereItWasLastWritten() throws IOException {
    optedInAt(T0 - 100);
    Files.createDirectories(state.getParent());
    Files.writeString(state, "journalprobe-state 1\ncursor \u0001\n");
    Files.setLastModifiedTime(state, FileTime.from(T0, TimeUnit.MICROSECONDS));
    failed(1, T0 - 50, "handled-before.service");
    failed(2, T0 + 1, "a.service");

    run();

    assertThat(payloads()).singleElement().asString().startsWith("a.service: ");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("is damaged")
        .contains("reading the entries logged after it was last written");
    try (var files = Files.list(state.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("journalprobe.damaged-"));
    }
  }

  @Test
  void runsJournalctlForThisBootFromTheStoredCursor() throws Exception {
    failed(7, T0 + 1, "a.service");
    Files.writeString(input, String.join("", lines));
    Path args = dir.resolve("args");
    Path fake = dir.resolve("journalctl");
    Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\ncat " + input + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectories(state.getParent());
    Files.writeString(state, "journalprobe-state 1\ncursor s=abc;i=6\n");

    int code = run("--journalctl", fake.toString());

    assertThat(code).isZero();
    assertThat(Files.readAllLines(args))
        .containsExactly(
            "--output=json",
            "--follow",
            "--boot=" + BOOT,
            "--no-pager",
            "--lines=all",
            "--after-cursor=s=abc;i=6",
            "_BOOT_ID=" + BOOT,
            "EXIT_CODE=exited");
    assertThat(payloads()).hasSize(1);
  }

  @Test
  void withTailAndNoStoredCursorItStartsAfterTheJournalsNewestEntry() throws Exception {
    Path args = dir.resolve("args");
    Path fake = dir.resolve("journalctl");
    Files.writeString(
        fake,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > "
            + args
            + "\n"
            + "case \"$*\" in *--lines=1*) echo '{\"__CURSOR\":\"s=n;i=9\",\"_BOOT_ID\":\""
            + BOOT
            + "\"}' ;; esac\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

    int code = run("--journalctl", fake.toString(), "--tail");

    assertThat(code).isZero();
    // not --lines=0: journalctl 252 then missed the first matching entry logged after it
    assertThat(Files.readAllLines(args))
        .containsExactly(
            "--output=json",
            "--follow",
            "--boot=" + BOOT,
            "--no-pager",
            "--lines=all",
            "--after-cursor=s=n;i=9",
            "_BOOT_ID=" + BOOT,
            "EXIT_CODE=exited");
  }

  @Test
  void theCommandAsksForNewEntriesOnlyWithTailAndForErrorsWithoutFilters() {
    assertThat(Journalprobe.command("journalctl", Optional.empty(), true, BOOT, true))
        .containsExactly(
            "journalctl",
            "--output=json",
            "--follow",
            "--boot=" + BOOT,
            "--no-pager",
            "--lines=0",
            "_BOOT_ID=" + BOOT,
            "EXIT_CODE=exited",
            "+",
            "_BOOT_ID=" + BOOT,
            "PRIORITY=0",
            "PRIORITY=1",
            "PRIORITY=2",
            "PRIORITY=3");
  }
}
