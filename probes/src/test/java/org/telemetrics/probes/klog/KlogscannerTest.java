package org.telemetrics.probes.klog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.TestRoot;

/**
 * klogscanner as a program: a kmsg-format FIFO in, records out on a real Unix socket in the C frame
 * (a stand-in for telemprobd that decodes and acknowledges like it), the state file on disk between
 * runs.
 */
class KlogscannerTest {
  static final String BOOT = "0f3c2a84-9d6e-4b8a-a1c7-5e2f9b0d4c61";
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @TempDir Path dir;
  TestRoot root;
  FrameSink sink;
  Path fifo;
  Path state;
  String boot = BOOT;
  long monotonicNanos;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException, InterruptedException {
    root = TestRoot.create(dir.resolve("root"));
    optInAt(-3_600_000_000L); // an hour before boot
    sink = new FrameSink(root.layout().socketPath());
    fifo = dir.resolve("kmsg");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    state = dir.resolve("state/klogscanner");
  }

  @AfterEach
  void stop() throws IOException {
    sink.close();
  }

  private int run(String... args) {
    return new Klogscanner(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            root.env(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            () -> monotonicNanos,
            () -> boot)
        .run(List.of(args));
  }

  /**
   * Opts in with the marker's time at {@code kernelMicros} on the kernel log's clock (the fixed
   * wall clock's "now" is the monotonic clock's "now").
   */
  private void optInAt(long kernelMicros) throws IOException {
    root.optIn();
    Files.setLastModifiedTime(
        root.layout().optInFile(),
        FileTime.from(NOW.plus(kernelMicros - monotonicNanos / 1000, ChronoUnit.MICROS)));
  }

  /** klogscanner on the FIFO while {@code writer} feeds it; the exit status. */
  private int scan(FifoWriter writer) throws Exception {
    CompletableFuture<Void> fed =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream o = Files.newOutputStream(fifo)) {
                writer.write(o);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    int code = run("--kmsg", fifo.toString(), "--state", state.toString(), "-n", "3");
    fed.get(60, TimeUnit.SECONDS);
    return code;
  }

  interface FifoWriter {
    void write(OutputStream o) throws Exception;
  }

  private static void write(OutputStream o, List<String> records) throws IOException {
    for (String r : records) {
      o.write(r.getBytes(StandardCharsets.UTF_8)); // one write(2) per record, as the kernel
    }
    o.flush();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(20);
    }
  }

  private List<String> classifications() {
    return sink.records().stream().map(TelemetryRecord::classification).toList();
  }

  /** Numbers records on from the last one of {@code so}. */
  private static List<String> oops(List<String> so, String vector) {
    List<String> r = KmsgText.untimed(so.size(), KmsgText.resource(vector));
    so.addAll(r);
    return r;
  }

  private static List<String> line(List<String> so, String message) {
    List<String> r = List.of(KmsgText.record(so.size(), message));
    so.addAll(r);
    return r;
  }

  @Test
  void reportsOopsesAmongOrdinaryLinesAGapAndAFloodThroughTheProbeSocket() throws Exception {
    List<String> all = new ArrayList<>();
    line(all, "usb 1-1: new high-speed USB device number 2");
    oops(all, "bug_kernel_handle.txt");
    line(all, "EXT4-fs (sda1): mounted filesystem");
    for (int i = 0; i < 5; i++) {
      oops(all, "warn_on.txt");
    }
    line(all, "e1000e: eth0 NIC Link is Up");
    List<String> withGap = new ArrayList<>(all);
    withGap.add(KmsgText.record(all.size() + 40, "after forty overwritten records"));

    int code = scan(o -> write(o, withGap));

    assertThat(code).isZero();
    assertThat(sink.errors()).isEmpty();
    assertThat(classifications())
        .containsExactly(
            "org.clearlinux/kernel/bug",
            "org.clearlinux/kernel/warning",
            "org.clearlinux/kernel/warning",
            "org.clearlinux/kernel/warning",
            KmsgScan.FLOOD_CLASS,
            KmsgScan.GAP_CLASS);
    TelemetryRecord bug = sink.records().get(0);
    assertThat(bug.severity()).isEqualTo("4");
    assertThat(bug.payload())
        .startsWith(
            """
        Crash Report:
        Reason: BUG: unable to handle kernel paging request at 0000000000002658
        Kernel Version : 3.7.9-201.fc18.x86_64 #1 Apple Inc. MacBookPro6,2/Mac-F22586C8
        """)
        .contains("Register RCX: Zero\n")
        .endsWith("#23 ? system_call_fastpath - [kernel]\n");
    assertThat(sink.records().get(5).payload()).contains("40 kernel log records");
    assertThat(Files.readString(state)).contains("next " + (all.size() + 41) + "\n");
  }

  @Test
  void aRestartInTheMiddleOfAnOopsNeitherSendsTwiceNorLoses() throws Exception {
    List<String> all = new ArrayList<>();
    oops(all, "warn_on.txt");
    line(all, "ordinary");
    List<String> second = oops(all, "irq.txt");
    line(all, "ordinary again");
    int stop = all.indexOf(second.get(10));

    int first = scan(o -> write(o, all.subList(0, stop)));
    int again = scan(o -> write(o, all)); // /dev/kmsg opened again starts at its oldest record

    assertThat(first).isZero();
    assertThat(again).isZero();
    assertThat(classifications())
        .containsExactly("org.clearlinux/kernel/warning", "crash/kernel/warning");
    assertThat(sink.records().get(1).payload()).doesNotContain("Incomplete");
  }

  @Test
  void nothingIsSentWhileOptedOutInTheMiddleOfARun() throws Exception {
    List<String> all = new ArrayList<>();
    List<String> a = oops(all, "warn_on.txt");
    List<String> b = new ArrayList<>(oops(all, "irq.txt"));
    b.addAll(line(all, "ordinary"));
    List<String> c = oops(all, "bug_kernel_handle.txt");
    c.addAll(line(all, "the end"));
    long afterB = all.size() - c.size();

    int code =
        scan(
            o -> {
              write(o, a);
              await(() -> sink.records().size() == 1);
              root.optOut();
              write(o, b);
              await(() -> Files.exists(state) && stateNext() >= afterB);
              optInAt(afterB * 1000);
              write(o, c);
            });

    assertThat(code).isZero();
    assertThat(classifications())
        .containsExactly("org.clearlinux/kernel/warning", "org.clearlinux/kernel/bug");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not opted in: crash/kernel/warning");
  }

  @Test
  void whatTheKernelLoggedWhileOptedOutIsNotSentAfterOptingInAgain() throws Exception {
    List<String> all = new ArrayList<>();
    oops(all, "warn_on.txt");
    line(all, "ordinary");
    assertThat(scan(o -> write(o, all))).isZero();
    root.optOut(); // telemctl opt-out also stops klogscanner
    oops(all, "irq.txt"); // still in the ring buffer at the next start
    line(all, "ordinary");
    optInAt(all.size() * 1000L);
    oops(all, "bug_kernel_handle.txt");

    assertThat(scan(o -> write(o, all))).isZero();

    assertThat(classifications())
        .containsExactly("org.clearlinux/kernel/warning", "org.clearlinux/kernel/bug");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("logged before the machine was last opted in: crash/kernel/warning");
  }

  private long stateNext() {
    try {
      for (String l : Files.readAllLines(state)) {
        if (l.startsWith("next ")) {
          return Long.parseLong(l.substring(5));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // being replaced: read again
    }
    return -1;
  }

  @Test
  void theStateOfAnotherBootIsNotResumed() throws Exception {
    List<String> all = new ArrayList<>();
    oops(all, "warn_on.txt");
    line(all, "ordinary");
    scan(o -> write(o, all));
    boot = "aaaaaaaa-0000-0000-0000-000000000000";

    scan(o -> write(o, all)); // the same numbers in another boot are other records

    assertThat(classifications()).hasSize(2);
  }

  @Test
  void aDamagedStateIsMovedAsideAndOnlyNewRecordsAreScanned() throws Exception {
    Files.createDirectories(state.getParent());
    Files.write(state, new byte[] {'k', 0, (byte) 0xff});
    List<String> all = new ArrayList<>();
    oops(all, "warn_on.txt"); // records 0..27, stamped 0..27 ms
    line(all, "ordinary");
    oops(all, "irq.txt");
    line(all, "ordinary");
    monotonicNanos = Duration.ofMillis(28).toNanos(); // "now" is after the first oops

    int code = scan(o -> write(o, all));

    assertThat(code).isZero();
    assertThat(classifications()).containsExactly("crash/kernel/warning");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is damaged").contains("moved to");
    try (var files = Files.list(state.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("klogscanner.damaged-") && n.endsWith(".reason"));
    }
  }

  /** klogscanner on the FIFO with no options but {@code --kmsg} and {@code extra}. */
  private int scanWithOptions(List<String> records, String... extra) throws Exception {
    CompletableFuture<Void> fed =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream o = Files.newOutputStream(fifo)) {
                write(o, records);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    List<String> args = new ArrayList<>(List.of("--kmsg", fifo.toString()));
    args.addAll(List.of(extra));
    int code = run(args.toArray(new String[0]));
    fed.get(60, TimeUnit.SECONDS);
    return code;
  }

  @Test
  void theStateFileAndFloodLimitComeFromTelemetricsConfUnlessOptionsSayOtherwise()
      throws Exception {
    Path configured = dir.resolve("configured/klog-state");
    root.set("klogscanner_state_file", configured.toString()).set("klogscanner_flood_limit", "1");
    List<String> floods = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      oops(floods, "warn_on.txt");
    }

    assertThat(scanWithOptions(floods)).isZero();

    assertThat(classifications())
        .containsExactly("org.clearlinux/kernel/warning", KmsgScan.FLOOD_CLASS);
    assertThat(Files.readString(configured)).contains("next " + floods.size() + "\n");

    assertThat(scanWithOptions(floods, "--flood-limit", "2", "--state", state.toString())).isZero();

    assertThat(classifications()).hasSize(2 + 3);
    assertThat(state).exists();
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run("--flood-limit", "many")).isEqualTo(2);
    assertThat(run("extra")).isEqualTo(2);
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--kmsg FILE");
  }

  @Test
  void theKernelsRefusalOfTheKernelLogSaysWhatIsNeeded() {
    // as FileInputStream reports open(2)'s EPERM, for a user without CAP_SYSLOG
    String hint =
        Klogscanner.kernelLogHint(new FileNotFoundException("/dev/kmsg (Operation not permitted)"));
    assertThat(hint).contains("CAP_SYSLOG", "kernel.dmesg_restrict", "klogscanner.service");
    assertThat(Klogscanner.kernelLogHint(new FileNotFoundException("/dev/kmsg (No such file)")))
        .isEmpty();
  }

  @Test
  void readsTheHostsKernelLogWhereReadable() throws Exception {
    Path kmsg = Klogscanner.KMSG;
    assumeTrue(Files.isReadable(kmsg), "/dev/kmsg is not readable here");
    CompletableFuture<KmsgEvent> first =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = new FileInputStream(kmsg.toFile())) {
                return new KmsgReader(in).next();
              } catch (IOException e) {
                return new KmsgEvent.Malformed("cannot read: " + e.getMessage());
              }
            });
    KmsgEvent e = first.get(60, TimeUnit.SECONDS);
    assumeTrue(
        !(e instanceof KmsgEvent.Malformed m && m.reason().startsWith("cannot read")),
        "/dev/kmsg cannot be read here");

    assertThat(e).isInstanceOf(KmsgEvent.Record.class);
    assertThat(((KmsgEvent.Record) e).record().sequence()).isNotNegative();
  }
}
