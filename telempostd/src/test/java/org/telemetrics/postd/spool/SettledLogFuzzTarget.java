package org.telemetrics.postd.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of a queue file's {@code .settled} log as start-up reads it from disk: a
 * set of ids (lines) or an IOException saying why, never anything else.
 */
class SettledLogFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(1 << 20, 64, IOException.class);
  private static final Path QUEUED = tempDir().resolve("0123456789abcdef0123456789abcdef.batch");
  private static final Path LOG = settledLog();

  @FuzzTest
  void settledBefore(byte[] input) throws IOException {
    Files.write(LOG, input);
    CONTRACT
        .check(
            input.length, () -> new QueueFile(QUEUED, 2, 0L, DiskWrites.system()).settledBefore())
        .ifPresent(ids -> assertThat(ids).allSatisfy(id -> assertThat(id).doesNotContain("\n")));
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("telemetrics-fuzz-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path settledLog() {
    Path log = QUEUED.resolveSibling(QUEUED.getFileName() + QueueFile.SETTLED_SUFFIX);
    log.toFile().deleteOnExit();
    return log;
  }
}
