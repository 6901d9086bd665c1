package org.telemetrics.probes.pstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.klog.FrameSink;
import org.telemetrics.probes.oops.OopsLogParser;
import org.telemetrics.probes.oops.OopsPayload;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/** pstoreprobe on a directory laid out like pstore, sending to a real probe socket. */
class PstoreprobeTest {
  @TempDir Path dir;
  TestRoot root;
  FrameSink sink;
  Path pstore;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    root = TestRoot.create(dir.resolve("root"));
    sink = new FrameSink(root.layout().socketPath());
    pstore = Files.createDirectories(dir.resolve("pstore"));
  }

  @AfterEach
  void stop() throws IOException {
    sink.close();
  }

  private int run(String... args) {
    List<String> argv = new ArrayList<>(List.of("--dir", pstore.toString()));
    argv.addAll(Arrays.asList(args));
    return new Pstoreprobe(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            root.env())
        .run(argv);
  }

  private static String vector(String name) throws IOException {
    try (var in = PstoreprobeTest.class.getResourceAsStream("/oops/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String payloadOf(String log) throws IOException {
    return OopsPayload.format(
        OopsLogParser.parse(new java.io.ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)))
            .get(0),
        false);
  }

  /** The EFI name of a part: id = (time × 100 + part) × 1000 + count. */
  private static String efi(long time, int part, int count) {
    return "dmesg-efi-" + ((time * 100 + part) * 1000 + count);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(pstore.resolve(name), text);
  }

  private List<String> payloads() {
    return sink.records().stream().map(TelemetryRecord::payload).toList();
  }

  @Test
  void aOnePartDumpIsReportedAndRemoved() throws IOException {
    // the C pstoreprobe aborted on every single-part dump
    write(efi(1700000000, 1, 1), "Oops#1 Part1\n" + vector("warn_on.txt"));

    int code = run();

    assertThat(code).isZero();
    assertThat(payloads()).containsExactly(payloadOf(vector("warn_on.txt")));
    assertThat(sink.records().get(0).classification()).isEqualTo("org.clearlinux/kernel/warning");
    assertThat(pstore).isEmptyDirectory();
  }

  @Test
  void thePartsOfADumpAreJoinedOldestFirstWhateverTheirNames() throws IOException {
    String[] lines = vector("bug_kernel_handle.txt").split("(?<=\n)");
    StringBuilder older = new StringBuilder("Oops#1 Part3\n");
    StringBuilder middle = new StringBuilder("Oops#1 Part2\n");
    StringBuilder newest = new StringBuilder("Oops#1 Part1\n");
    for (int i = 0; i < lines.length; i++) {
      (i < 15 ? older : i < 30 ? middle : newest).append(lines[i]);
    }
    write(efi(1700000000, 1, 2), newest.toString());
    write(efi(1700000000, 3, 2), older.toString());
    write(efi(1700000000, 2, 2), middle.toString());

    run();

    assertThat(payloads()).containsExactly(payloadOf(vector("bug_kernel_handle.txt")));
    assertThat(pstore).isEmptyDirectory();
  }

  @Test
  void aDumpWithAMissingPartIsReportedFromWhatIsThere() throws IOException {
    String log = vector("warn_on.txt");
    write(efi(1700000000, 2, 3), "Oops#1 Part2\n" + log);

    int code = run();

    assertThat(code).isZero();
    assertThat(payloads()).hasSize(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("lacks parts");
  }

  @Test
  void aDumpWithoutAFinalNewlineEnds() throws IOException {
    // the C line loop spun forever on it
    String log = vector("sysctl_check1");
    write("dmesg-ramoops-0", "Panic#1 Part1\n" + log.substring(0, log.length() - 1));

    int code = run();

    assertThat(code).isZero();
    assertThat(payloads())
        .singleElement()
        .satisfies(p -> assertThat(p).endsWith(OopsPayload.INCOMPLETE));
  }

  @Test
  void everyOopsOfARamoopsDumpAndTheConsoleLogIsReported() throws IOException {
    write("dmesg-ramoops-0", "Oops#1 Part1\n" + vector("RTNL.txt") + vector("irq.txt"));
    write("console-ramoops-0", vector("double_fault.txt"));

    run();

    assertThat(sink.records())
        .extracting(TelemetryRecord::classification)
        .containsExactly(
            "org.clearlinux/kernel/bug", "org.clearlinux/kernel/warning", "crash/kernel/warning");
  }

  @Test
  void aSymbolicLinkIsNeitherReadNorItsTargetRemoved() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), "BUG: not for telemetry\n");
    Files.createSymbolicLink(pstore.resolve(efi(1700000000, 1, 4)), secret);

    run();

    assertThat(sink.records()).isEmpty();
    assertThat(secret).exists();
    assertThat(pstore.resolve(efi(1700000000, 1, 4))).isSymbolicLink();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a regular file");
  }

  @Test
  void nothingIsSentNorRemovedWhenNotOptedIn() throws IOException {
    write("dmesg-ramoops-0", "Oops#1 Part1\n" + vector("warn_on.txt"));
    root.optOut();

    int code = run();

    assertThat(code).isZero();
    assertThat(sink.records()).isEmpty();
    assertThat(pstore.resolve("dmesg-ramoops-0")).exists();
  }

  @Test
  void aDumpIsKeptWhenTelemprobdDoesNotTakeItsRecords() throws IOException {
    write("dmesg-ramoops-0", "Oops#1 Part1\n" + vector("warn_on.txt"));
    sink.close();
    Files.delete(root.layout().socketPath());

    int code = run();

    assertThat(code).isEqualTo(75);
    assertThat(pstore.resolve("dmesg-ramoops-0")).exists();
  }

  @Test
  void otherEntriesAreLeftAlone() throws IOException {
    write("pmsg-ramoops-0", "BUG: user space message\n");
    write("ftrace-ramoops-0", "BUG: trace\n");

    run();

    assertThat(sink.records()).isEmpty();
    assertThat(pstore.resolve("pmsg-ramoops-0")).exists();
  }
}
