package org.telemetrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of telemetrics.conf reading: the bytes go through the real file read
 * (bounded, strict UTF-8) and the ini parser; the result is a configuration or a {@link
 * ConfigException} naming the file, and every error the checker collects has a line within the
 * file.
 */
class ConfigParserFuzzTarget {
  /** Every bad line is an exception with its stack trace (kept to the end): 4 KiB a byte. */
  private static final ParserContract CONTRACT =
      ParserContract.of(4 << 20, 4096, ConfigException.class);

  private static final Path FILE = tempFile();
  private static final Path ROOT = Path.of("/");

  @FuzzTest
  void load(byte[] input) throws IOException {
    Files.write(FILE, input);
    CONTRACT.check(input.length, () -> ConfigLoader.load(Optional.of(FILE), ROOT));

    String text = new String(input, StandardCharsets.UTF_8);
    List<ConfigException> errors = new ArrayList<>();
    CONTRACT.check(input.length, () -> ConfigParser.parse(FILE, text, ROOT, errors));
    long lines = text.chars().filter(c -> c == '\n').count() + 1;
    for (ConfigException e : errors) {
      assertThat(e.file()).isEqualTo(FILE);
      assertThat((long) e.line()).isBetween(0L, lines);
    }
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("telemetrics-fuzz-", ".conf");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
