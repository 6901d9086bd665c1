package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.collector.BackendRules;
import org.telemetrics.collector.Collector;
import org.telemetrics.collector.CollectorOptions;
import org.telemetrics.probes.oops.KernelLines;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The system probes through the real daemons to the local collector, which stores a record only
 * when it passes the public backend's checks: klogscanner reading a kmsg FIFO (oopses among
 * ordinary lines, a flood of one oops, a restart in the middle of an oops, a gap in the sequence
 * numbers, an oops logged while opted out and one after opting in again), pstoreprobe reading a directory laid out like pstore, and journalprobe reading
 * {@code journalctl -o json} lines; and an application with the uncaught-exception handler
 * dying of an exception. Each runs in its own JVM.
 */
class SystemProbesDeliveryTest {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;
  /** Sequence numbers missing from the kmsg records so far (a gap). */
  long skipped;

  @Test
  void theRecordsOfEachSystemProbeAreStoredByTheBackendsRules() throws Exception {
    Path stored = dir.resolve("collected.jsonl");
    try (PrintStream collectorLog = new PrintStream(
            Files.newOutputStream(dir.resolve("collector.log")), true, StandardCharsets.UTF_8);
        Collector collector = Collector.start(new CollectorOptions("127.0.0.1", 0, stored, null,
            BackendRules.DEFAULT_TID, 1 << 20), collectorLog)) {
      TestRoot root = Daemons.root(dir.resolve("root"), collector.url())
          .set("klogscanner_flood_limit", "2");
      try (Daemons daemons = Daemons.of(root).start()) {
        klogscanner(root);
        pstoreprobe(root);
        journalprobe(root);
        javaApplicationDies(root);

        List<Map<String, Object>> records = awaitStored(stored, 12, root, daemons);
        assertThat(records).extracting(r -> r.get("classification")).containsExactlyInAnyOrder(
            "org.clearlinux/kernel/bug", "org.clearlinux/kernel/bug",
            "org.clearlinux/kernel/warning",
            "org.clearlinux/kernel/warning", "org.clearlinux/kernel/flood",
            "crash/kernel/warning", "org.clearlinux/kernel/log-gap",
            "org.clearlinux/kernel/warning", "org.clearlinux/kernel/bug",
            "org.clearlinux/journal/error", "org.clearlinux/journal/error",
            "org.clearlinux/java/uncaught");
        assertThat(records).extracting(r -> (String) r.get("payload"))
            .filteredOn(p -> p.startsWith("Crash Report:\nReason: irq 11: nobody cared"))
            .as("the oops the restart cut through, once and whole").singleElement()
            .satisfies(p -> assertThat(p).doesNotContain("Incomplete"));
        assertThat(records).extracting(r -> (String) r.get("payload"))
            .as("the oops logged while opted out is never sent, the one after opting in is")
            .noneMatch(p -> p.contains("NULL pointer dereference at 0000000000000118"))
            .anyMatch(p -> p.startsWith("Crash Report:\nReason: double fault: 0000 [#3] SMP"));
        assertThat(records).extracting(r -> (String) r.get("payload"))
            .contains("b.service: Main process exited, code=exited, status=1/FAILURE\n");
        assertThat(root.layout().deadLetterDir()).as("nothing the collector refused")
            .isEmptyDirectory();
        assertThat(dir.resolve("pstore")).as("removed once telemprobd took them")
            .isEmptyDirectory();
      }
    }
  }

  /** Two runs on a FIFO: the first ends inside an oops, the second reads the log from the start. */
  private void klogscanner(TestRoot root) throws Exception {
    List<String> kmsg = new ArrayList<>();
    line(kmsg, "usb 1-1: new high-speed USB device number 2 using xhci_hcd");
    oops(kmsg, "bug_kernel_handle.txt");
    line(kmsg, "EXT4-fs (sda1): mounted filesystem with ordered data mode");
    for (int i = 0; i < 3; i++) {
      oops(kmsg, "warn_on.txt");
    }
    List<String> cut = oops(kmsg, "irq.txt");
    line(kmsg, "e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex");
    skipped = 40; // records the kernel overwrote before klogscanner read them
    line(kmsg, "after forty records the kernel overwrote");
    Path fifo = dir.resolve("kmsg");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    runKlogscanner(root, fifo, kmsg.subList(0, kmsg.indexOf(cut.get(10))));
    runKlogscanner(root, fifo, kmsg); // /dev/kmsg opened again starts at its oldest record

    root.optOut();
    oops(kmsg, "kernel_null_pointer.txt");
    runKlogscanner(root, fifo, kmsg); // passed over for good
    root.optIn();
    oops(kmsg, "double_fault.txt");
    runKlogscanner(root, fifo, kmsg);
  }

  private void runKlogscanner(TestRoot root, Path fifo, List<String> records) throws Exception {
    try (JavaProcess scanner = JavaProcess.start("org.telemetrics.probes.klog.Klogscanner",
        List.of("--kmsg", fifo.toString()), root.env(), dir.resolve("klogscanner.out"))) {
      try (OutputStream o = Files.newOutputStream(fifo)) {
        for (String r : records) {
          o.write(r.getBytes(StandardCharsets.UTF_8)); // one write per record, as the kernel
          o.flush();
        }
      }
      assertThat(scanner.waitFor(PROBE_TIMEOUT)).as(scanner.output()).isZero();
    }
  }

  private void pstoreprobe(TestRoot root) throws IOException {
    Path pstore = Files.createDirectories(dir.resolve("pstore"));
    Files.writeString(pstore.resolve("dmesg-ramoops-0"), "Oops#1 Part1\n" + vector("warn_on.txt"));
    String[] lines = vector("bug_kernel_handle.txt").split("(?<=\n)");
    StringBuilder older = new StringBuilder("Oops#1 Part2\n");
    StringBuilder newest = new StringBuilder("Oops#1 Part1\n");
    for (int i = 0; i < lines.length; i++) {
      (i < 20 ? older : newest).append(lines[i]);
    }
    // id = (time × 100 + part) × 1000 + count; part 1 is the end of the log
    Files.writeString(pstore.resolve("dmesg-efi-170000000001002"), newest.toString());
    Files.writeString(pstore.resolve("dmesg-efi-170000000002002"), older.toString());

    JavaProcess.Result run = JavaProcess.run("org.telemetrics.probes.pstore.Pstoreprobe",
        List.of("--dir", pstore.toString()), root.env(), dir.resolve("pstoreprobe.out"),
        PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  private void journalprobe(TestRoot root) throws IOException {
    String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip()
        .replace("-", "");
    long now = System.currentTimeMillis() * 1000 + 5_000_000; // after the opt-in marker
    String input = failed(1, now, boot, "a.service")
        + entry(2, now + 1, boot, "an ordinary line", "")
        + failed(3, now + 2, "0f3c2a849d6e4b8aa1c75e2f9b0d4c61", "other-boot.service")
        + failed(4, now + 3, boot, "b.service");
    Path json = Files.writeString(dir.resolve("journal.json"), input);

    JavaProcess.Result run = JavaProcess.run("org.telemetrics.probes.journal.Journalprobe",
        List.of("--input", json.toString()), root.env(), dir.resolve("journalprobe.out"),
        PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  /** An application with TelemetryExceptionHandler installed dies of an uncaught exception. */
  private void javaApplicationDies(TestRoot root) {
    JavaProcess.Result run = JavaProcess.run(
        "org.telemetrics.exceptions.DiesOfUncaughtException", List.of(), root.env(),
        dir.resolve("application.out"), PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
  }

  private static String entry(int n, long micros, String boot, String message, String extra) {
    return "{\"__CURSOR\":\"s=e2e;i=" + n + "\",\"__REALTIME_TIMESTAMP\":\"" + micros
        + "\",\"_BOOT_ID\":\"" + boot + "\",\"PRIORITY\":\"5\",\"MESSAGE\":\"" + message + "\""
        + extra + "}\n";
  }

  private static String failed(int n, long micros, String boot, String unit) {
    return entry(n, micros, boot, unit + ": Main process exited, code=exited, status=1/FAILURE",
        ",\"EXIT_CODE\":\"exited\",\"UNIT\":\"" + unit + "\"");
  }

  /**
   * The records the collector stored, once there are {@code count} and nothing is left to deliver
   * (the probes have all exited, so a duplicate would be in the spool or stored by then).
   */
  private static List<Map<String, Object>> awaitStored(Path stored, int count, TestRoot root,
      Daemons daemons) {
    List<Map<String, Object>> records = new ArrayList<>();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> Files.exists(stored) && Files.readAllLines(stored).size() >= count
              && noRecordFiles(root.layout().stagingDir())
              && noRecordFiles(root.layout().queueDir()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the collector did not store " + count + " records\n"
          + daemons.outputs(), e);
    }
    try {
      for (String line : Files.readAllLines(stored)) {
        records.add(JsonTree.object(JsonTree.parse(line)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  private static boolean noRecordFiles(Path spoolDir) throws IOException {
    if (!Files.isDirectory(spoolDir)) {
      return true;
    }
    try (var files = Files.list(spoolDir)) {
      return files.noneMatch(f -> f.getFileName().toString().matches("[0-9a-f]{32}.*"));
    }
  }

  private List<String> oops(List<String> kmsg, String vector) {
    List<String> added = new ArrayList<>();
    for (String line : vector(vector).split("\n")) {
      added.add(record(kmsg.size() + added.size() + skipped, KernelLines.normalize(line)));
    }
    kmsg.addAll(added);
    return added;
  }

  private void line(List<String> kmsg, String message) {
    kmsg.add(record(kmsg.size() + skipped, message));
  }

  /** A kernel-facility /dev/kmsg record. */
  private static String record(long seq, String message) {
    int level = message.startsWith("usb") || message.startsWith("EXT4")
        || message.startsWith("e1000e") || message.startsWith("after") ? 6 : 4;
    return level + "," + seq + "," + (seq * 1000) + ",-;" + message + "\n";
  }

  private static String vector(String name) {
    try (var in = SystemProbesDeliveryTest.class.getResourceAsStream("/oops/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
