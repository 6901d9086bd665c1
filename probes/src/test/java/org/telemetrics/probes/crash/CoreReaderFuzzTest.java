package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.crash.core.CoreDump;
import org.telemetrics.probes.crash.core.CoreFormatException;
import org.telemetrics.probes.crash.core.CoreLimits;
import org.telemetrics.probes.crash.core.CoreReader;

/**
 * Seeded truncation and mutation of a real two-thread core, in both layouts (notes last as gdb
 * writes them, notes first as the kernel does): every input ends as a clean error or a backtrace,
 * within a time bound, keeping no more memory than the limits allow.
 */
class CoreReaderFuzzTest {
  private static final long SEED = 0x5eed_c0deL;
  private static final CoreLimits LIMITS = new CoreLimits(64 << 10, 512 << 10, 16 << 20, 8 << 20);

  @TempDir static Path dir;
  static byte[] gdbCore;
  static byte[] kernelLayout;

  @BeforeAll
  static void makeCore() throws IOException {
    Path bin = CrashPrograms.compile("crashme.c", dir, "crashme", "-O0");
    gdbCore = Files.readAllBytes(CrashPrograms.gdbCore(bin, dir.resolve("fuzz.core"), "1"));
    kernelLayout = CoreFiles.notesFirst(gdbCore);
  }

  @Test
  void bothLayoutsOfTheSameCoreGiveTheSameBacktrace() throws IOException {
    String a = payload(gdbCore);
    String b = payload(kernelLayout);

    assertThat(a).contains("level3()").isEqualTo(b);
  }

  @Test
  void truncatedCoresEndCleanly() {
    Random random = new Random(SEED);
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (byte[] core : new byte[][] {gdbCore, kernelLayout}) {
            int[] fixed = {
              0, 1, 16, 63, 64, 100, 64 + 56, headerEnd(core) - 1, headerEnd(core), core.length - 1
            };
            for (int cut : fixed) {
              survive(java.util.Arrays.copyOf(core, Math.max(0, cut)), "cut at " + cut);
            }
            for (int i = 0; i < 25; i++) {
              int cut = random.nextInt(core.length);
              survive(java.util.Arrays.copyOf(core, cut), "cut at " + cut);
            }
          }
        });
  }

  @Test
  void mutatedCoresEndCleanly() {
    Random random = new Random(SEED + 1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int i = 0; i < 300; i++) {
            byte[] core = (i % 2 == 0 ? gdbCore : kernelLayout).clone();
            int[] notes = noteRange(core);
            int flips = 1 + random.nextInt(16);
            for (int f = 0; f < flips; f++) {
              int pos =
                  switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(headerEnd(core));
                    case 1 -> notes[0] + random.nextInt(Math.max(1, notes[1]));
                    default -> random.nextInt(core.length);
                  };
              core[pos] = (byte) (random.nextBoolean() ? random.nextInt(256) : core[pos] ^ 0x80);
            }
            survive(core, "mutation " + i + " (seed " + SEED + ")");
          }
        });
  }

  private static void survive(byte[] core, String what) {
    CoreDump dump;
    try {
      dump = new CoreReader(LIMITS).read(new ByteArrayInputStream(core));
    } catch (CoreFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    } catch (IOException | RuntimeException e) {
      fail(what + ": unexpected " + e, e);
      return;
    }
    assertThat(dump.memory().size()).as(what).isLessThanOrEqualTo(LIMITS.stackTotal());
    try {
      CoreAnalyzer.Analysis a = CoreAnalyzer.analyze(dump, dir.resolve("no-debug"));
      assertThat(a.threads().size()).isLessThanOrEqualTo(CoreAnalyzer.MAX_THREADS);
    } catch (RuntimeException e) {
      fail(what + ": analysis threw " + e, e);
    }
  }

  private static String payload(byte[] core) throws IOException {
    CoreDump dump = new CoreReader(LIMITS).read(new ByteArrayInputStream(core));
    CoreAnalyzer.Analysis a = CoreAnalyzer.analyze(dump, dir.resolve("no-debug"));
    return org.telemetrics.probes.crash.payload.CrashPayload.format(
        "x", dump.pid(), java.util.Optional.empty(), a.truncated(), a.errors(), a.threads());
  }

  private static int headerEnd(byte[] core) {
    ByteBuffer b = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
    return (int) b.getLong(32) + (b.getShort(56) & 0xffff) * 56;
  }

  /** Offset and size of the note segment. */
  private static int[] noteRange(byte[] core) {
    ByteBuffer b = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
    long phoff = b.getLong(32);
    int phnum = b.getShort(56) & 0xffff;
    for (int i = 0; i < phnum; i++) {
      int e = (int) phoff + i * 56;
      if (b.getInt(e) == 4) {
        return new int[] {(int) b.getLong(e + 8), (int) b.getLong(e + 32)};
      }
    }
    return new int[] {0, core.length};
  }
}
