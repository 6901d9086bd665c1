package org.telemetrics.probes.klog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.client.SendResult;
import org.telemetrics.log.Log;
import org.telemetrics.probes.oops.Oops;
import org.telemetrics.probes.oops.OopsLogParser;
import org.telemetrics.probes.oops.OopsPayload;

class KmsgScanTest {
  static final String BOOT = "0f3c2a84-9d6e-4b8a-a1c7-5e2f9b0d4c61";

  @TempDir Path dir;
  ScanStateFile stateFile;
  RecordingSender sender = new RecordingSender();
  ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() {
    stateFile = new ScanStateFile(dir.resolve("klogscanner/state"));
  }

  /** One run over {@code records}, resuming from the state file as the program does. */
  private int run(List<String> records, long floodLimit) throws IOException {
    ScanStateFile.Loaded loaded = stateFile.load(Instant.EPOCH);
    ScanState state = loaded instanceof ScanStateFile.Found f ? f.state() : ScanState.fresh(BOOT);
    KmsgScan scan =
        new KmsgScan(
            new KmsgReader(
                new ByteArrayInputStream(
                    String.join("", records).getBytes(StandardCharsets.UTF_8))),
            "test",
            stateFile,
            state,
            -1,
            sender,
            new FloodLimit(floodLimit),
            () -> false,
            new ScanLog(
                new Log(
                    "klogscanner",
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Log.Level.INFO)));
    return scan.run();
  }

  private static String payloadOf(String vector) throws IOException {
    Oops o =
        OopsLogParser.parse(
                new ByteArrayInputStream(
                    KmsgText.resource(vector).getBytes(StandardCharsets.UTF_8)))
            .get(0);
    return OopsPayload.format(o, false);
  }

  /** Ordinary lines, then the oops of each vector, then ordinary lines, numbered from 0. */
  private static List<String> interleaved(String... vectors) {
    List<String> out = new ArrayList<>();
    long seq = 0;
    for (String v : vectors) {
      out.add(KmsgText.record(seq++, "usb 1-1: new high-speed USB device number 2"));
      List<String> oops = KmsgText.records(seq, KmsgText.resource(v));
      out.addAll(oops);
      seq += oops.size();
      out.add(KmsgText.record(seq++, "EXT4-fs (sda1): mounted filesystem"));
    }
    return out;
  }

  @Test
  void reportsEachOopsAmongOrdinaryLinesInTheCPayloadFormat() throws IOException {
    int code = run(interleaved("warn_on.txt", "bug_kernel_handle.txt", "irq.txt"), 10);

    assertThat(code).isZero();
    assertThat(sender.sent)
        .extracting(RecordingSender.Sent::classification)
        .containsExactly(
            "org.clearlinux/kernel/warning", "org.clearlinux/kernel/bug", "crash/kernel/warning");
    assertThat(sender.sent).extracting(RecordingSender.Sent::severity).containsExactly(2, 4, 2);
    assertThat(sender.sent.get(0).payload()).isEqualTo(payloadOf("warn_on.txt"));
    assertThat(sender.sent.get(1).payload()).isEqualTo(payloadOf("bug_kernel_handle.txt"));
  }

  @Test
  void aRestartNeitherSendsAgainNorSkips() throws IOException {
    List<String> all = interleaved("warn_on.txt", "bug_kernel_handle.txt", "soft_lockup.txt");
    // the first run ends in the middle of the second oops, as a stop would
    int cut = all.indexOf(all.stream().filter(r -> r.contains("Call Trace:")).toList().get(1));

    run(all.subList(0, cut + 3), 10);
    assertThat(sender.classifications()).hasSize(1);
    run(all, 10); // /dev/kmsg, opened again, starts at its oldest record

    assertThat(sender.sent)
        .extracting(RecordingSender.Sent::payload)
        .containsExactly(
            payloadOf("warn_on.txt"),
            payloadOf("bug_kernel_handle.txt"),
            payloadOf("soft_lockup.txt"));
  }

  @Test
  void recordsTheRingBufferOverwroteAreReportedAsAGap() throws IOException {
    List<String> records = new ArrayList<>();
    records.add(KmsgText.record(0, "one"));
    records.add(KmsgText.record(1, "two"));
    records.add(KmsgText.record(7, "eight, after six were overwritten"));

    run(records, 10);

    assertThat(sender.sent)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.classification()).isEqualTo(KmsgScan.GAP_CLASS);
              assertThat(s.payload())
                  .isEqualTo(
                      "Lost : 5 kernel log records (sequence numbers 2 to 6)"
                          + " were overwritten before klogscanner read them\n");
            });
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("<4>klogscanner: test: 5 kernel");
  }

  @Test
  void anOopsCutByAGapIsReportedIncomplete() throws IOException {
    List<String> oops = KmsgText.records(0, KmsgText.resource("warn_on.txt"));
    List<String> records = new ArrayList<>(oops.subList(0, 10));
    records.add(KmsgText.record(100, "after the gap"));

    run(records, 10);

    assertThat(sender.sent)
        .extracting(RecordingSender.Sent::classification)
        .containsExactly("org.clearlinux/kernel/warning", KmsgScan.GAP_CLASS);
    assertThat(sender.sent.get(0).payload()).endsWith(OopsPayload.INCOMPLETE);
  }

  @Test
  void aFloodOfOneOopsSendsTheLimitThenOneSummary() throws IOException {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      records.addAll(KmsgText.records(records.size(), KmsgText.resource("warn_on.txt")));
    }

    run(records, 10);
    run(records.subList(0, 3), 10); // a restart does not reset the count

    assertThat(sender.classifications()).hasSize(11);
    assertThat(sender.classifications().subList(0, 10))
        .containsOnly("org.clearlinux/kernel/warning");
    assertThat(sender.sent.get(10).classification()).isEqualTo(KmsgScan.FLOOD_CLASS);
    assertThat(sender.sent.get(10).payload()).contains("Reported : 10\n");
    assertThat(stateFile.load(Instant.EPOCH))
        .isInstanceOfSatisfying(
            ScanStateFile.Found.class,
            f -> assertThat(f.state().sentBySignature().values()).containsExactly(15L));
  }

  @Test
  void nothingIsSentWhileOptedOutNorLaterForThatTime() throws IOException {
    List<String> records = interleaved("warn_on.txt", "irq.txt");
    int half =
        records.indexOf(
                records.stream().filter(r -> r.contains("nobody cared")).findFirst().orElseThrow())
            - 1;
    sender.optedIn = false;

    run(records.subList(0, half), 10);
    sender.optedIn = true;
    run(records, 10);

    assertThat(sender.classifications()).containsExactly("crash/kernel/warning");
  }

  @Test
  void aGapIsReportedOnlyWhenTheRecordBeforeItWasLoggedAfterOptIn() throws IOException {
    // records stamped seq × 1 ms; opted in at 1.5 ms: record 1 is before, record 2 after
    sender.optedInSince = 1500;
    List<String> records =
        List.of(
            KmsgText.record(0, "a"),
            KmsgText.record(1, "b"),
            KmsgText.record(5, "after a gap the opted-out time may hide"));

    run(records, 10);

    assertThat(sender.sent).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("logged before the machine was last opted in: " + KmsgScan.GAP_CLASS);

    sender.optedInSince = 500; // now record 1 is after opt-in too
    stateFile = new ScanStateFile(dir.resolve("other/state"));
    run(records, 10);

    assertThat(sender.classifications()).containsExactly(KmsgScan.GAP_CLASS);
  }

  @Test
  void aFailedSendEndsTheRunAndTheRestartSendsIt() throws IOException {
    List<String> records = interleaved("warn_on.txt", "irq.txt");
    sender.failures.add(new SendResult.Failed(SendResult.Failure.CONNECT, "no daemon"));

    int first = run(records, 10);
    int second = run(records, 10);

    assertThat(first).isEqualTo(KmsgScan.SEND_FAILED);
    assertThat(second).isZero();
    assertThat(sender.classifications())
        .containsExactly("org.clearlinux/kernel/warning", "crash/kernel/warning");
  }

  @Test
  void aProgramWritingAnOopsIntoTheKernelLogIsNotReported() throws IOException {
    List<String> records =
        List.of(
            "12,0,1000,-;BUG: unable to handle kernel paging request\n",
            "12,1,2000,-;Call Trace:\n",
            "12,2,3000,-; fake+0x1/0x2\n",
            "12,3,4000,-;end\n");

    run(records, 10);

    assertThat(sender.sent).isEmpty();
  }

  @Test
  void afterADamagedStateOnlyRecordsNewerThanTheStartAreScannedAndNoGapIsReported()
      throws IOException {
    List<String> records = new ArrayList<>();
    records.addAll(KmsgText.untimed(100, KmsgText.resource("warn_on.txt")));
    records.addAll(KmsgText.untimed(200, KmsgText.resource("irq.txt")));
    long startedAt = 150 * 1000; // µs: after the first oops, before the second

    KmsgScan scan =
        new KmsgScan(
            new KmsgReader(
                new ByteArrayInputStream(
                    String.join("", records).getBytes(StandardCharsets.UTF_8))),
            "test",
            stateFile,
            ScanState.fresh(BOOT),
            startedAt,
            sender,
            new FloodLimit(10),
            () -> false,
            new ScanLog(
                new Log(
                    "klogscanner",
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Log.Level.INFO)));
    scan.run();

    assertThat(sender.classifications()).containsExactly("crash/kernel/warning");
  }
}
