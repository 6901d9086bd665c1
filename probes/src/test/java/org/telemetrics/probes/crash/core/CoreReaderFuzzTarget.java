package org.telemetrics.probes.crash.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the streaming core reader (a core is written by the kernel for any
 * crashing process, so its notes and headers are a local user's): a core dump or an IOException
 * saying why, within the memory the limits allow; when asked for a copy, the copy is every byte.
 */
class CoreReaderFuzzTarget {
  private static final CoreLimits LIMITS = new CoreLimits(64 << 10, 512 << 10, 1 << 20, 1 << 20);
  private static final ParserContract CONTRACT = ParserContract.of(16 << 20, 64, IOException.class);

  @FuzzTest
  void read(byte[] input) {
    CONTRACT.check(
        input.length, () -> new CoreReader(LIMITS).read(new ByteArrayInputStream(input)));
    CONTRACT
        .check(
            input.length,
            () -> {
              ByteArrayOutputStream copy = new ByteArrayOutputStream();
              new CoreReader(LIMITS).read(new ByteArrayInputStream(input), copy);
              return copy.size();
            })
        .ifPresent(copied -> assertThat(copied).isEqualTo(input.length));
  }
}
