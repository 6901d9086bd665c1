package org.telemetrics.probes.klog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.oops.OopsPayload;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** klogscanner as a process of its own, killed with SIGKILL in the middle of an oops. */
class KlogscannerProcessTest {
  @TempDir Path dir;
  TestRoot root;
  FrameSink sink;
  Path fifo;
  Path state;

  @BeforeEach
  void start() throws IOException, InterruptedException {
    root = TestRoot.create(dir.resolve("root"));
    // opted in before this boot: the records' made-up timestamps (ms after boot) are after it
    Files.setLastModifiedTime(root.layout().optInFile(), FileTime.fromMillis(0));
    sink = new FrameSink(root.layout().socketPath());
    fifo = dir.resolve("kmsg");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    state = dir.resolve("state");
  }

  @AfterEach
  void stop() throws IOException {
    sink.close();
  }

  private JavaProcess scanner(String name) {
    return JavaProcess.start(
        Klogscanner.class.getName(),
        List.of("--kmsg", fifo.toString(), "--state", state.toString()),
        root.env(),
        dir.resolve(name + ".out"));
  }

  private static void await(BooleanSupplier condition, JavaProcess p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 90 s; klogscanner said:\n" + p.output());
      }
      Thread.sleep(20);
    }
  }

  private long stateNext() {
    try {
      for (String l : Files.readAllLines(state)) {
        if (l.startsWith("next ")) {
          return Long.parseLong(l.substring(5));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not written yet, or being replaced
    }
    return -1;
  }

  @Test
  void aKillInTheMiddleOfAnOopsLosesNothingAndRepeatsNothing() throws Exception {
    List<String> all = new ArrayList<>(KmsgText.untimed(0, KmsgText.resource("warn_on.txt")));
    all.add(KmsgText.record(all.size(), "ordinary"));
    long secondStart = all.size();
    all.addAll(KmsgText.untimed(secondStart, KmsgText.resource("irq.txt")));
    all.add(KmsgText.record(all.size(), "the end"));
    CountDownLatch killed = new CountDownLatch(1);

    JavaProcess first = scanner("first");
    CompletableFuture<Void> feeding =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream o = Files.newOutputStream(fifo)) {
                for (String r : all.subList(0, (int) secondStart + 10)) {
                  o.write(r.getBytes(StandardCharsets.UTF_8));
                }
                o.flush();
                killed.await(120, TimeUnit.SECONDS); // the FIFO stays open: klogscanner blocks
              } catch (IOException | InterruptedException e) {
                // the reader went away with the kill
              }
            });
    await(() -> sink.records().size() == 1 && stateNext() == secondStart, first);
    first.kill9();
    killed.countDown();
    feeding.get(60, TimeUnit.SECONDS);

    try (JavaProcess second = scanner("second")) {
      try (OutputStream o = Files.newOutputStream(fifo)) {
        for (String r : all) { // /dev/kmsg, opened again, starts at its oldest record
          o.write(r.getBytes(StandardCharsets.UTF_8));
        }
      }
      assertThat(second.waitFor(Duration.ofSeconds(90))).as(second.output()).isZero();
    }

    assertThat(sink.records())
        .extracting(TelemetryRecord::classification)
        .containsExactly("org.clearlinux/kernel/warning", "crash/kernel/warning");
    assertThat(sink.records().get(1).payload()).doesNotContain(OopsPayload.INCOMPLETE);
  }

  /** The host's real /dev/kmsg, read-only: not opted in, so nothing is sent. */
  @Test
  void readsTheHostsKernelLogWhereReadable() throws Exception {
    CompletableFuture<Boolean> readable =
        CompletableFuture.supplyAsync(
            () -> {
              try (var in = Files.newInputStream(Klogscanner.KMSG)) {
                return in.read(new byte[8192]) > 0; // one whole record per read
              } catch (IOException e) {
                return false;
              }
            });
    assumeTrue(
        readable.completeOnTimeout(false, 30, TimeUnit.SECONDS).get(),
        Klogscanner.KMSG + " cannot be read here");
    root.optOut();

    try (JavaProcess scanner =
        JavaProcess.start(
            Klogscanner.class.getName(),
            List.of("--state", state.toString()),
            root.env(),
            dir.resolve("host.out"))) {
      // the state is saved when klogscanner has read all there was and blocks for more
      await(() -> stateNext() > 0, scanner);
      assertThat(scanner.process().isAlive()).as(scanner.output()).isTrue();
      scanner.terminate();
      scanner.waitFor(Duration.ofSeconds(30));
      assertThat(scanner.output()).doesNotContain("klogscanner: error:");
    }
    assertThat(sink.records()).isEmpty();
  }
}
