package org.telemetrics.postd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.record.Ids;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/**
 * Seeded mutations of valid staged files (ours and the C client's): every file is either queued or
 * quarantined with a reason, nothing is silently deleted, and the daemon keeps running.
 */
@Timeout(120)
class IntakeFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedFilesAreQueuedOrQuarantinedNeverLost() throws Exception {
    TestRoot root = Fixtures.root(dir, "").set("spool_max_size", "-1");
    Layout layout = root.layout();
    Random random = new Random(0x5eed);
    int files = 300;
    try (DaemonHarness d = DaemonHarness.start(root)) {
      for (int i = 0; i < files; i++) {
        byte[] valid =
            i % 3 == 0
                ? Fixtures.cStagedFile(Fixtures.record(i))
                : SpoolFileFormat.encode(
                    SpoolEntry.of(Ids.random128(), System.currentTimeMillis(), Fixtures.record(i)));
        byte[] bytes = mutate(valid, random);
        Path target =
            i % 3 == 0
                ? layout.spoolDir().resolve(String.format("F%05d", i))
                : layout.stagingDir().resolve("fuzz" + i);
        AtomicFiles.write(layout.tmpDir(), target, bytes);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> d.counters().taken.get() + d.counters().quarantined.get() == files);
      assertThat(d.running()).isTrue();
      long queued = names(layout.queueDir()).filter(n -> !n.endsWith(".retry")).count();
      long quarantined = names(layout.quarantineDir()).filter(n -> !n.endsWith(".reason")).count();
      assertThat(
              queued
                  + quarantined
                  + d.counters().duplicates.get()
                  + d.counters().droppedExpired.get())
          .isEqualTo(files);
      assertThat(quarantined).isEqualTo(d.counters().quarantined.get()).isPositive();
      assertThat(names(layout.quarantineDir()).filter(n -> n.endsWith(".reason")).count())
          .isEqualTo(quarantined);
      assertThat(d.log()).doesNotContain("Exception").doesNotContain("<3>");
    }
  }

  static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    switch (random.nextInt(6)) {
      case 0 -> { // flip bytes
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // truncate
      case 2 -> { // insert junk
        byte[] junk = new byte[1 + random.nextInt(40)];
        random.nextBytes(junk);
        int at = random.nextInt(b.length);
        byte[] out = new byte[b.length + junk.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(b, at, out, at + junk.length, b.length - at);
        b = out;
      }
      case 3 -> { // delete a line
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = s.split("\n", -1);
        int drop = random.nextInt(lines.length);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
          if (i != drop) {
            sb.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
          }
        }
        b = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      case 4 -> { // random garbage of the same size
        random.nextBytes(b);
      }
      default -> {} // unchanged: must be queued
    }
    return b;
  }

  private static Stream<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList().stream();
    }
  }
}
