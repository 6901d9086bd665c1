package org.telemetrics.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the metrics read from a damaged or hostile status file (of either
 * daemon): the reading never throws, it either names the file in its problems or gives a model that
 * every format writes, and no format writes a NaN or an infinity. The last byte chooses the daemon
 * and whether the file starts with the status file's first line.
 */
class PersistedMetricsFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(16 << 20, 256);
  private static final Path DIR = tempDir();

  @FuzzTest
  void read(FuzzedDataProvider data) throws IOException {
    int choice = data.consumeInt(0, 3);
    byte[] body = data.consumeRemainingAsBytes();
    Path file = DIR.resolve((choice & 1) == 0 ? "telemprobd.status" : "telempostd.status");
    Files.deleteIfExists(DIR.resolve("telemprobd.status"));
    Files.deleteIfExists(DIR.resolve("telempostd.status"));
    byte[] magic = "# telemetrics-status 1\n".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = body;
    if ((choice & 2) != 0) {
      bytes = new byte[magic.length + body.length];
      System.arraycopy(magic, 0, bytes, 0, magic.length);
      System.arraycopy(body, 0, bytes, magic.length, body.length);
    }
    Files.write(file, bytes);
    PersistedMetrics metrics = new PersistedMetrics(TestSources.in(DIR), TestSources.CLOCK);

    MetricsReading reading = CONTRACT.check(bytes.length, metrics::read).orElseThrow();

    reading.problems().forEach(p -> assertThat(p).startsWith(file.toString()).doesNotContain("\n"));
    for (MetricsFormat f : MetricsFormat.values()) {
      String text = f.render(reading.model(), Map.of("host", "h"));
      if (f == MetricsFormat.INFLUX) {
        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
      }
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("telemetrics-fuzz-");
      dir.toFile().deleteOnExit();
      // the last input's file: registered after the directory, so deleted before it (in reverse)
      dir.resolve("telemprobd.status").toFile().deleteOnExit();
      dir.resolve("telempostd.status").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
