package org.telemetrics.probes.crash.elf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the ELF reader the crash probe uses on the executables and libraries a
 * core names (files a local user controls): headers, every section's contents (inflated when
 * compressed) and the build id give answers or an {@link ElfFormatException}. Allocation is bounded
 * by what the input could inflate to (deflate expands at most about 1032-fold), not by the sizes
 * the headers claim.
 */
class ElfFileFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(4 << 20, 1100, ElfFormatException.class);

  @FuzzTest
  void read(byte[] input) {
    CONTRACT.check(
        input.length,
        () -> {
          ElfFile elf = ElfFile.of("fuzz", ByteBuffer.wrap(input));
          elf.linkBase();
          for (ElfFile.Section s : elf.sections()) {
            try {
              elf.contents(s);
            } catch (ElfFormatException e) {
              // one bad section; the others are still read
            }
          }
          return elf.buildId();
        });
  }
}
