package org.telemetrics.probes.crash;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.probes.crash.dwarf.CallFrameInfo;
import org.telemetrics.probes.crash.dwarf.LineTable;
import org.telemetrics.probes.crash.elf.ElfFile;
import org.telemetrics.probes.crash.elf.ElfFormatException;
import org.telemetrics.probes.crash.symbols.SymbolTable;

/**
 * The ELF and DWARF parsers read files a hostile core names: seeded mutations of a real executable
 * with debug information end in a clean error or an answer, within a time bound.
 */
class ElfParsersFuzzTest {
  private static final long SEED = 0xe1f_f022L;

  @TempDir static Path dir;
  static byte[] binary;

  @BeforeAll
  static void build() throws IOException {
    binary = Files.readAllBytes(CrashPrograms.compile("crashme.c", dir, "crashme", "-O2"));
  }

  @Test
  void mutatedExecutablesNeverBreakTheParsers() {
    Random random = new Random(SEED);
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int i = 0; i < 400; i++) {
            byte[] b = binary.clone();
            int flips = 1 + random.nextInt(24);
            for (int f = 0; f < flips; f++) {
              int pos =
                  random.nextInt(4) == 0
                      ? random.nextInt(Math.min(b.length, 4096))
                      : random.nextInt(b.length);
              b[pos] = (byte) random.nextInt(256);
            }
            exercise(b, random, "mutation " + i + " (seed " + SEED + ")");
          }
        });
  }

  private static void exercise(byte[] bytes, Random random, String what) {
    ElfFile f;
    try {
      f = ElfFile.of("fuzz", ByteBuffer.wrap(bytes));
    } catch (ElfFormatException e) {
      return;
    }
    try {
      Set<Long> pcs = new HashSet<>();
      for (int k = 0; k < 16; k++) {
        pcs.add(0x1000L + random.nextInt(0x2000));
      }
      for (CallFrameInfo cfi : CallFrameInfo.all(f)) {
        for (long pc : pcs) {
          cfi.rowFor(pc);
        }
      }
      SymbolTable.of(f, 2).ifPresent(t -> pcs.forEach(t::lookup));
      SymbolTable.of(f, 11).ifPresent(t -> pcs.forEach(t::lookup));
      LineTable.of(f).ifPresent(t -> t.lookup(pcs));
      f.buildId();
    } catch (ElfFormatException e) {
      // a clean rejection
    } catch (RuntimeException e) {
      fail(what + ": " + e, e);
    }
  }
}
