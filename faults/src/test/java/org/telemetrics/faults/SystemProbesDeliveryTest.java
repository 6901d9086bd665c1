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
import org.telemetrics.log.Log;
import org.telemetrics.probes.oops.KernelLines;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The system probes through the real daemons to the local collector, which stores a record only
 * when it passes the public backend's checks: klogscanner reading a kmsg FIFO (oopses among
 * ordinary lines, a flood of one oops, a restart in the middle of an oops, a gap in the sequence
 * numbers, an opt-out and opt-in again while it runs, and one while it is stopped as {@code
 * telemctl opt-out} stops it), pstoreprobe reading a directory laid out like pstore, and
 * journalprobe reading {@code journalctl -o json} lines; and an application with the
 * uncaught-exception handler dying of an exception. Each runs in its own JVM.
 */
class SystemProbesDeliveryTest {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  /** Sequence numbers missing from the kmsg records so far (a gap). */
  long skipped;

  @Test
  void theRecordsOfEachSystemProbeAreStoredByTheBackendsRules() throws Exception {
    Path stored = dir.resolve("collected.jsonl");
    try (PrintStream collectorLog =
            new PrintStream(
                Files.newOutputStream(dir.resolve("collector.log")), true, StandardCharsets.UTF_8);
        Collector collector =
            Collector.start(
                new CollectorOptions(
                    "127.0.0.1", 0, stored, null, BackendRules.DEFAULT_TID, 1 << 20),
                new Log("telemetrics-collector", collectorLog, Log.Level.INFO))) {
      TestRoot root =
          Daemons.root(dir.resolve("root"), collector.url()).set("klogscanner_flood_limit", "2");
      try (Daemons daemons = Daemons.of(root).start()) {
        klogscanner(root);
        pstoreprobe(root);
        journalprobe(root);
        javaApplicationDies(root);

        List<Map<String, Object>> records = awaitStored(stored, 13, root, daemons);
        assertThat(records)
            .extracting(r -> r.get("classification"))
            .containsExactlyInAnyOrder(
                "org.clearlinux/kernel/bug",
                "org.clearlinux/kernel/bug",
                "org.clearlinux/kernel/warning",
                "org.clearlinux/kernel/warning",
                "org.clearlinux/kernel/flood",
                "crash/kernel/warning",
                "org.clearlinux/kernel/log-gap",
                "org.clearlinux/kernel/bug",
                "org.clearlinux/kernel/warning",
                "org.clearlinux/kernel/bug",
                "org.clearlinux/journal/error",
                "org.clearlinux/journal/error",
                "org.clearlinux/java/uncaught");
        assertThat(records)
            .extracting(r -> (String) r.get("payload"))
            .filteredOn(p -> p.startsWith("Crash Report:\nReason: irq 11: nobody cared"))
            .as("the oops the restart cut through, once and whole")
            .singleElement()
            .satisfies(p -> assertThat(p).doesNotContain("Incomplete"));
        assertThat(records)
            .extracting(r -> (String) r.get("payload"))
            .as(
                "what the kernel logged while opted out is never sent, what came after opting"
                    + " in again is")
            .noneMatch(p -> p.contains("NULL pointer dereference at 0000000000000118"))
            .noneMatch(p -> p.contains("general protection fault"))
            .anyMatch(p -> p.startsWith("Crash Report:\nReason: double fault: 0000 [#3] SMP"))
            .anyMatch(p -> p.startsWith("Crash Report:\nReason: BUG: Bad page map in process"));
        assertThat(records)
            .extracting(r -> (String) r.get("payload"))
            .contains("b.service: Main process exited, code=exited, status=1/FAILURE\n");
        assertThat(root.layout().deadLetterDir())
            .as("nothing the collector refused")
            .isEmptyDirectory();
        assertThat(dir.resolve("pstore"))
            .as("removed once telemprobd took them")
            .isEmptyDirectory();
      }
    }
  }

  /**
   * Runs on a FIFO, each reading the log from its oldest record as /dev/kmsg opened again does: the
   * first ends inside an oops; the second goes on through an opt-out and an opt-in; the third
   * starts after an opt-out and opt-in while no klogscanner ran.
   */
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

    try (JavaProcess scanner = klogscanner(root, fifo);
        OutputStream o = Files.newOutputStream(fifo)) {
      write(o, kmsg);
      awaitOutput(scanner, "log gap reported as org.clearlinux/kernel/log-gap");
      root.optOut();
      write(o, oops(kmsg, "kernel_null_pointer.txt"));
      awaitOutput(
          scanner,
          "not opted in: org.clearlinux/kernel/bug oops 'BUG: unable to handle"
              + " kernel NULL pointer dereference");
      root.optIn();
      write(o, oops(kmsg, "double_fault.txt"));
      o.close();
      assertThat(scanner.waitFor(PROBE_TIMEOUT)).as(scanner.output()).isZero();
    }

    root.optOut(); // telemctl opt-out stops klogscanner; the kernel's ring buffer keeps this
    oops(kmsg, "general_protection_fault.txt");
    Thread.sleep(100); // the opt-in marker's time is coarser than the records' timestamps
    root.optIn();
    Thread.sleep(100);
    oops(kmsg, "bad_page_map.txt");
    String said = runKlogscanner(root, fifo, kmsg);
    assertThat(said)
        .contains(
            "logged before the machine was last opted in: "
                + "org.clearlinux/kernel/bug oops 'general protection fault");
  }

  private JavaProcess klogscanner(TestRoot root, Path fifo) {
    return JavaProcess.start(
        "org.telemetrics.probes.klog.Klogscanner",
        List.of("--kmsg", fifo.toString()),
        root.env(),
        dir.resolve("klogscanner.out"));
  }

  private static void write(OutputStream o, List<String> records) throws IOException {
    for (String r : records) {
      o.write(r.getBytes(StandardCharsets.UTF_8)); // one write per record, as the kernel
      o.flush();
    }
  }

  private static void awaitOutput(JavaProcess p, String text) {
    try {
      Awaitility.await()
          .atMost(PROBE_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> p.output().contains(text));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("klogscanner did not log '" + text + "':\n" + p.output(), e);
    }
  }

  /** One run over {@code records}; what it logged. */
  private String runKlogscanner(TestRoot root, Path fifo, List<String> records) throws Exception {
    try (JavaProcess scanner = klogscanner(root, fifo)) {
      try (OutputStream o = Files.newOutputStream(fifo)) {
        write(o, records);
      }
      assertThat(scanner.waitFor(PROBE_TIMEOUT)).as(scanner.output()).isZero();
      return scanner.output();
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

    JavaProcess.Result run =
        JavaProcess.run(
            "org.telemetrics.probes.pstore.Pstoreprobe",
            List.of("--dir", pstore.toString()),
            root.env(),
            dir.resolve("pstoreprobe.out"),
            PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  private void journalprobe(TestRoot root) throws IOException {
    String boot =
        Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip().replace("-", "");
    long now = System.currentTimeMillis() * 1000 + 5_000_000; // after the opt-in marker
    String input =
        failed(1, now, boot, "a.service")
            + entry(2, now + 1, boot, "an ordinary line", "")
            + failed(3, now + 2, "0f3c2a849d6e4b8aa1c75e2f9b0d4c61", "other-boot.service")
            + failed(4, now + 3, boot, "b.service");
    Path json = Files.writeString(dir.resolve("journal.json"), input);

    JavaProcess.Result run =
        JavaProcess.run(
            "org.telemetrics.probes.journal.Journalprobe",
            List.of("--input", json.toString()),
            root.env(),
            dir.resolve("journalprobe.out"),
            PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  /** An application with TelemetryExceptionHandler installed dies of an uncaught exception. */
  private void javaApplicationDies(TestRoot root) {
    JavaProcess.Result run =
        JavaProcess.run(
            "org.telemetrics.exceptions.DiesOfUncaughtException",
            List.of(),
            root.env(),
            dir.resolve("application.out"),
            PROBE_TIMEOUT);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
  }

  private static String entry(int n, long micros, String boot, String message, String extra) {
    return "{\"__CURSOR\":\"s=e2e;i="
        + n
        + "\",\"__REALTIME_TIMESTAMP\":\""
        + micros
        + "\",\"_BOOT_ID\":\""
        + boot
        + "\",\"PRIORITY\":\"5\",\"MESSAGE\":\""
        + message
        + "\""
        + extra
        + "}\n";
  }

  private static String failed(int n, long micros, String boot, String unit) {
    return entry(
        n,
        micros,
        boot,
        unit + ": Main process exited, code=exited, status=1/FAILURE",
        ",\"EXIT_CODE\":\"exited\",\"UNIT\":\"" + unit + "\"");
  }

  /**
   * The records the collector stored, once there are {@code count} and nothing is left to deliver
   * (the probes have all exited, so a duplicate would be in the spool or stored by then).
   */
  private static List<Map<String, Object>> awaitStored(
      Path stored, int count, TestRoot root, Daemons daemons) {
    List<Map<String, Object>> records = new ArrayList<>();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Files.exists(stored)
                      && Files.readAllLines(stored).size() >= count
                      && noRecordFiles(root.layout().stagingDir())
                      && noRecordFiles(root.layout().queueDir()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "the collector did not store " + count + " records\n" + daemons.outputs(), e);
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

  /**
   * A kernel-facility /dev/kmsg record, stamped now on the monotonic clock (the clock of
   * /dev/kmsg's timestamps, which klogscanner compares with the opt-in marker's time).
   */
  private static String record(long seq, String message) {
    int level =
        message.startsWith("usb")
                || message.startsWith("EXT4")
                || message.startsWith("e1000e")
                || message.startsWith("after")
            ? 6
            : 4;
    return level + "," + seq + "," + System.nanoTime() / 1000 + ",-;" + message + "\n";
  }

  private static String vector(String name) {
    try (var in = SystemProbesDeliveryTest.class.getResourceAsStream("/oops/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
