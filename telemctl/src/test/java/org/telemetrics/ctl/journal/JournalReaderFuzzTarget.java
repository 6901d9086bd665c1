package org.telemetrics.ctl.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of {@code telemctl journal}'s reader on a real file, from any start
 * position: bad lines are counted, never fatal; the next position is a line start within the file;
 * no more entries and damaged lines than lines. The first 8 bytes of an input choose the position.
 */
class JournalReaderFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(1 << 20, 64);
  private static final Path FILE = tempFile();

  @FuzzTest
  void read(FuzzedDataProvider data) throws IOException {
    long from = data.consumeLong(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    Files.write(FILE, bytes);
    AtomicLong entries = new AtomicLong();
    JournalReader.Result result =
        CONTRACT
            .check(
                bytes.length,
                () -> { // the contract may run the parser more than once
                  entries.set(0);
                  return JournalReader.read(FILE, from, e -> entries.incrementAndGet());
                })
            .orElseThrow();
    long lines = 0;
    for (int i = (int) Math.min(from, bytes.length); i < bytes.length; i++) {
      lines += bytes[i] == '\n' ? 1 : 0;
    }
    // an unfinished last line longer than any journal line counts as damaged too
    assertThat(entries.get() + result.damaged()).isLessThanOrEqualTo(lines + 1);
    if (from <= bytes.length) {
      assertThat(result.nextPosition()).isBetween(from, (long) bytes.length);
      long next = result.nextPosition();
      assertThat(next == from || bytes[(int) next - 1] == '\n').isTrue();
    } else {
      assertThat(result.nextPosition()).isEqualTo(from);
    }
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("telemetrics-fuzz-", ".journal");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
